import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { HEADERS, HUB_CODEC, HubCodec, PartyRef, readCorrelationIdHeader } from '@hub/contracts';
import { HubProducer } from '@hub/kafka';
import { metricLabel, metricsRegistry } from '@hub/observability';
import { Counter } from 'prom-client';

import type { IngressConfig } from './ingress.config';
import { readSubmission, Refusal, Submission } from './submission';

/** The longest record key a partner may choose (its own citizen reference): well above any real one. */
export const MAX_RECORD_KEY_BYTES = 256;

export interface Accepted {
  messageId: string;
  kind: string;
  topic: string;
}

/**
 * From a partner's HTTP submission to a record on that partner's inbound topic, as if the partner had
 * produced it itself: same bytes, key and correlation header. Published with the idempotent producer
 * (acks from all in-sync replicas) before the 202, so an accepted message is on the broker. A message
 * posted twice is published twice and routed once: the router claims message ids (README, "Each message
 * routed once").
 */
@Injectable()
export class IngressService {
  private readonly log = new Logger(IngressService.name);
  private readonly submissions = new Counter({
    name: 'hub_ingress_submissions_total',
    help: 'Messages partners posted to the HTTP ingress, by outcome (accepted or the reason code)',
    labelNames: ['outcome'],
    registers: [metricsRegistry],
  });

  constructor(
    @Inject(HUB_CODEC) private readonly codec: HubCodec,
    @Inject(APP_CONFIG) private readonly config: IngressConfig,
    private readonly producer: HubProducer,
  ) {}

  async accept(
    partner: PartyRef,
    request: { contentType: string | undefined; body: Buffer; recordKey?: string; correlationId?: string },
  ): Promise<Accepted> {
    const submission = readSubmission(
      this.codec,
      partner,
      request.contentType,
      request.body,
      this.config.INGRESS_MAX_MESSAGE_BYTES,
    );
    const key = this.recordKey(request.recordKey, submission);
    const correlationId = this.correlationId(request.correlationId, submission);
    const size =
      submission.bytes.length +
      Buffer.byteLength(key) +
      HEADERS.correlationId.length +
      Buffer.byteLength(correlationId);
    if (size > this.config.INGRESS_MAX_MESSAGE_BYTES) {
      throw new Refusal(
        413,
        'TOO_LARGE',
        `the record is ${size} bytes (key, value and headers); the hub accepts at most ${this.config.INGRESS_MAX_MESSAGE_BYTES}`,
      );
    }
    await this.producer.send([
      {
        topic: submission.topic,
        key,
        value: submission.bytes,
        headers: { [HEADERS.correlationId]: correlationId },
        // Replaying past dates (a local profile): the partner's claimed time is the hub's clock.
        // Under log-append-time the broker stamps the time it receives the record, whatever this says.
        ...(this.config.HUB_INBOUND_TIMESTAMPS === 'create-time'
          ? { timestamp: Date.parse(submission.queuedAt) }
          : {}),
      },
    ]);
    this.submissions.inc({ outcome: 'accepted' });
    this.log.log({
      msg: 'message accepted',
      partner: `${partner.kind}:${partner.id}`,
      kind: submission.kind,
      messageId: submission.messageId,
      topic: submission.topic,
    });
    return { messageId: submission.messageId, kind: submission.kind, topic: submission.topic };
  }

  /** Counts and logs a refusal: never silent, never with the message's content (it holds a CPR number). */
  refused(partner: PartyRef | undefined, refusal: Refusal): void {
    this.submissions.inc({ outcome: metricLabel(refusal.reasonCode) });
    this.log.warn({
      msg: 'message refused',
      partner: partner ? `${partner.kind}:${partner.id}` : null,
      status: refusal.status,
      reasonCode: refusal.reasonCode,
      reasonText: refusal.reasonText,
    });
  }

  /** The partner's own record key (its citizen reference, to keep a person's messages in order), else the message id. */
  private recordKey(given: string | undefined, submission: Submission): string {
    if (given === undefined) return submission.messageId;
    const reading = readCorrelationIdHeader(given);
    if (!reading?.ok || Buffer.byteLength(given) > MAX_RECORD_KEY_BYTES) {
      throw new Refusal(
        400,
        'INVALID_RECORD_KEY',
        `the record key must be 1 to ${MAX_RECORD_KEY_BYTES} bytes of letters, digits and punctuation`,
      );
    }
    return reading.value;
  }

  private correlationId(given: string | undefined, submission: Submission): string {
    if (given === undefined) return submission.correlationId ?? submission.messageId;
    const reading = readCorrelationIdHeader(given);
    if (!reading?.ok) {
      throw new Refusal(
        400,
        'INVALID_CORRELATION_ID',
        `the ${HEADERS.correlationId} header is refused: ${reading?.problem ?? 'it is empty'}`,
      );
    }
    return reading.value;
  }
}
