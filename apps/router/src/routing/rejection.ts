import { Logger } from '@nestjs/common';
import { deterministicUuid, PermanentError } from '@hub/common';
import {
  CodecError,
  Finding,
  HEADERS,
  HubCodec,
  parseInboundTopic,
  PartyRef,
  readCorrelationIdHeader,
  ReasonCode,
  TOPICS,
  OUTBOUND_RECEIVER_KINDS,
} from '@hub/contracts';
import { ConsumedRecord, deadLetterRecord, OutgoingRecord } from '@hub/kafka';

export interface Rejection {
  reasonCode: ReasonCode;
  reasonText: string;
  findings: Finding[];
  messageId: string | null;
  kind: string | null;
  agreementId: string | null;
  citizenPseudonym: string | null;
  /** The Danish exchange date the message itself gives (as a routed exchange would have), if read. */
  exchangeDate: string | null;
  /** The receivers the message names, if it could be read. */
  receivers: PartyRef[];
  /**
   * The correlation id the hub itself knows for the message (its envelope's, else its message id),
   * if it could be read: what the receipt carries when the partner's header cannot be trusted.
   */
  correlationId: string | null;
}

/** What the poison path knows of a message it could not read: nothing but the reason. */
export const UNREAD: Omit<Rejection, 'reasonCode' | 'reasonText'> = {
  findings: [],
  messageId: null,
  kind: null,
  agreementId: null,
  citizenPseudonym: null,
  exchangeDate: null,
  receivers: [],
  correlationId: null,
};

/** Reason code and text for anything the poison path receives. */
export function rejectionForError(error: unknown): Pick<Rejection, 'reasonCode' | 'reasonText'> {
  if (error instanceof CodecError) return { reasonCode: error.code, reasonText: error.message };
  if (error instanceof PermanentError) return { reasonCode: error.code, reasonText: error.message };
  return {
    reasonCode: 'HANDLER_ERROR',
    reasonText: `the router failed on this message: ${(error as Error).message}`,
  };
}

/**
 * What a rejected message becomes, all in the consuming transaction: the original bytes and headers,
 * untouched, on the dead-letter topic with the error context added; a receipt to the sender's inbox
 * so its system learns why; and a hub event for the exchange log.
 */
export class RejectionBuilder {
  private readonly log = new Logger(RejectionBuilder.name);

  constructor(
    private readonly codec: HubCodec,
    private readonly routerVersion: string,
  ) {}

  build(
    record: ConsumedRecord,
    sender: PartyRef | undefined,
    rejection: Rejection,
    now: Date,
  ): OutgoingRecord[] {
    const rejectedAt = now.toISOString();
    const source = `${record.topic}/${record.partition}/${record.offset}`;
    const records: OutgoingRecord[] = [
      deadLetterRecord(
        record,
        { code: rejection.reasonCode, text: rejection.reasonText, routerVersion: this.routerVersion },
        now,
      ),
    ];
    const channel = parseInboundTopic(record.topic)?.channel;
    if (sender && channel) {
      const eventId = deterministicUuid('ExchangeRejected', source);
      records.push({
        topic: TOPICS.events,
        key: rejection.messageId ?? source,
        value: this.codec.encode('events.ExchangeRejected', {
          eventId,
          messageId: rejection.messageId,
          kind: rejection.kind,
          channel,
          sender,
          reasonCode: rejection.reasonCode,
          reasonText: rejection.reasonText,
          agreementId: rejection.agreementId,
          findings: rejection.findings,
          citizenPseudonym: rejection.citizenPseudonym,
          rejectedAt,
          sourceTopic: record.topic,
          sourcePartition: record.partition,
          sourceOffset: record.offset,
          exchangeDate: rejection.exchangeDate,
          receivers: rejection.receivers,
        }),
        // The message id header as on events.ExchangeRouted, so a reader can follow a message
        // to its outcome either way without decoding (the benchmark's latency probe does).
        headers: {
          [HEADERS.kind]: 'events.ExchangeRejected',
          ...(rejection.messageId ? { [HEADERS.messageId]: rejection.messageId } : {}),
        },
      });
      if (OUTBOUND_RECEIVER_KINDS.includes(sender.kind)) {
        const correlationId = this.receiptCorrelationId(record, rejection);
        records.push({
          topic: TOPICS.outbound(sender.kind),
          key: rejection.citizenPseudonym ?? source,
          value: this.codec.encode('routing.RejectionReceipt', {
            receiptId: deterministicUuid('RejectionReceipt', source),
            messageId: rejection.messageId,
            kind: rejection.kind,
            receiver: sender,
            reasonCode: rejection.reasonCode,
            reasonText: rejection.reasonText,
            findings: rejection.findings,
            sourceTopic: record.topic,
            sourcePartition: record.partition,
            sourceOffset: record.offset,
            rejectedAt,
          }),
          headers: {
            [HEADERS.kind]: 'routing.RejectionReceipt',
            ...(correlationId ? { [HEADERS.correlationId]: correlationId } : {}),
          },
        });
      }
    }
    return records;
  }

  /**
   * The sender's own correlation id when it is one (so its system can match the receipt to what it
   * sent, even a message the hub could not read), else the one the hub read from the message. Never
   * the header's bytes as they came: a receipt with a binary or NUL-holding header could not be
   * queued by the adapter (PostgreSQL refuses it), and the sender would never learn of the rejection.
   */
  private receiptCorrelationId(record: ConsumedRecord, rejection: Rejection): string | null {
    const reading = readCorrelationIdHeader(record.rawHeaders[HEADERS.correlationId]);
    if (reading?.ok) return reading.value;
    if (reading) {
      this.log.warn({
        msg: `the ${HEADERS.correlationId} header is not carried on to the rejection receipt`,
        problem: reading.problem,
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        replacedBy: rejection.correlationId ? "the message's own correlation id" : 'nothing',
      });
    }
    return rejection.correlationId;
  }
}
