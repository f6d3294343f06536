import { Finding, HEADERS, PartyRef, RejectionReceipt, RoutedMessage } from '@hub/contracts';
import type { ConsumedRecord } from '@hub/kafka';

import { partnerKey } from './partner-directory';
import type { QueueCipher } from './queue-cipher';
import type { NewDelivery } from '@hub/persistence';

/**
 * The JSON document a partner system receives: the message in the partner's terms (its decoded
 * fields, as in schemas/README.md), with what the hub decided about it. The CPR number is in the
 * message, because the receiving caseworker needs it: that exchange is by law (docs/domain.md, Data protection); it never
 * goes into logs, mails or the exchange log.
 */
export interface PartnerDocument {
  documentType: 'message' | 'rejection-receipt';
  /** Idempotency key: the same document delivered twice has the same id. */
  deliveryId: string;
  messageId: string | null;
  kind: string | null;
  sender: PartyRef;
  receiver: PartyRef;
  agreement: { id: string | null; clause: string | null };
  findings: Finding[];
  /** For a message: its fields. For a receipt: why the hub did not accept the partner's message. */
  message?: unknown;
  rejection?: {
    reasonCode: string;
    reasonText: string;
    sourceTopic: string;
    sourceOffset: string;
    rejectedAt: string;
  };
}

export const HUB_PARTY: PartyRef = { kind: 'hub', id: 'HUB' };

export function documentForRouted(routed: RoutedMessage, message: unknown): PartnerDocument {
  return {
    documentType: 'message',
    deliveryId: routed.routingId,
    messageId: routed.messageId,
    kind: routed.kind,
    sender: routed.sender,
    receiver: routed.receiver,
    agreement: { id: routed.agreementId, clause: routed.clauseRef },
    findings: routed.findings,
    message,
  };
}

export function documentForReceipt(receipt: RejectionReceipt): PartnerDocument {
  return {
    documentType: 'rejection-receipt',
    deliveryId: receipt.receiptId,
    messageId: receipt.messageId,
    kind: receipt.kind,
    sender: HUB_PARTY,
    receiver: receipt.receiver,
    agreement: { id: null, clause: null },
    findings: receipt.findings,
    rejection: {
      reasonCode: receipt.reasonCode,
      reasonText: receipt.reasonText,
      sourceTopic: receipt.sourceTopic,
      sourceOffset: receipt.sourceOffset,
      rejectedAt: receipt.rejectedAt,
    },
  };
}

/**
 * What the adapter's Kafka handler puts in the delivery queue for one routed record: the exact body
 * to POST (so every attempt signs the same bytes) and the record itself, for a dead letter should the
 * partner refuse the document. Both hold the CPR number, so both are sealed with the queue key
 * (queue-cipher.ts): the table never holds them in clear.
 */
export function queuedDelivery(
  document: PartnerDocument,
  record: ConsumedRecord,
  cipher: QueueCipher,
): NewDelivery {
  const sourceHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.rawHeaders)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined) continue;
    sourceHeaders[name] = (Buffer.isBuffer(first) ? first : Buffer.from(String(first))).toString('base64');
  }
  return {
    deliveryId: document.deliveryId,
    partner: partnerKey(document.receiver),
    receiverKind: document.receiver.kind,
    receiverId: document.receiver.id,
    messageId: document.messageId,
    documentType: document.documentType,
    correlationId: record.headers[HEADERS.correlationId] ?? null,
    body: cipher.seal(Buffer.from(JSON.stringify(document)), document.deliveryId, 'body'),
    contentKeyId: cipher.currentKeyId,
    sourceTopic: record.topic,
    sourcePartition: record.partition,
    sourceOffset: record.offset,
    sourceKey: record.key,
    sourceValue: record.value && cipher.seal(record.value, document.deliveryId, 'source_value'),
    sourceHeaders,
    // A dead letter an operator replayed (`hub deadletters replay`): queued again if it was settled.
    replayOf: record.headers[HEADERS.replayOf] ?? null,
  };
}
