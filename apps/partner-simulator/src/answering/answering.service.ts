import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { HEADERS, HUB_CODEC, HubCodec, inboundTopic, partySlug } from '@hub/contracts';

import { PartnerInboxes } from '../endpoints/partner-inboxes';
import type { SimulatorConfig } from '../simulator.config';
import { PARTNER_PUBLISHER } from '../simulator.tokens';
import type { RecordSink } from '../traffic/publish';
import { AnyPlannedAnswer, DeliveredDocument, planAnswer } from './partner-responder';

/** Sends that fail (a broker restarting) are tried again this often before the answer is given up. */
const PUBLISH_ATTEMPTS = 5;
const PUBLISH_RETRY_MS = 2_000;

/**
 * Makes the simulated partners answer: after SIMULATOR_DECISION_DELAY_MS, the answer planned by
 * partner-responder.ts is published on the answering partner's own inbound topic, like its system
 * would, and goes through the hub like any partner message. Only a first delivery is answered (a
 * redelivery of the same idempotency key is not new), and the answer's message id is derived from
 * the question, so even a repeated answer is one message to the hub.
 */
@Injectable()
export class AnsweringService implements OnApplicationShutdown {
  private readonly log = new Logger(AnsweringService.name);
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    @Inject(PARTNER_PUBLISHER) private readonly producer: RecordSink,
    private readonly inboxes: PartnerInboxes,
    @Inject(HUB_CODEC) private readonly codec: HubCodec,
    @Inject(APP_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  /** Called for each newly received document; schedules the partner's answer, if it gives one. */
  received(partner: string, document: DeliveredDocument): void {
    if (!this.config.SIMULATOR_ANSWERS || this.stopping) return;
    let answer: AnyPlannedAnswer | undefined;
    try {
      answer = planAnswer(document);
    } catch (error) {
      this.log.warn({
        msg: 'cannot answer the document',
        partner,
        kind: document.kind,
        error: (error as Error).message,
      });
      return;
    }
    if (!answer) return;
    const planned = answer;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const sending = this.publish(partner, planned).finally(() => this.inFlight.delete(sending));
      this.inFlight.add(sending);
    }, this.config.SIMULATOR_DECISION_DELAY_MS);
    this.timers.add(timer);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private async publish(partner: string, answer: AnyPlannedAnswer): Promise<void> {
    const topic = inboundTopic(answer.channel, answer.publisher);
    const envelope = answer.value.envelope;
    const record = (): {
      answeredAt: string;
      kind: string;
      messageId: string;
      inReplyTo: string;
      outcome: string;
      topic: string;
    } => ({
      answeredAt: new Date().toISOString(),
      kind: answer.kind,
      messageId: envelope.messageId,
      inReplyTo: answer.inReplyTo,
      outcome: answer.outcome,
      topic,
    });
    let value: Buffer;
    try {
      value = this.codec.encode(answer.kind, answer.value);
    } catch (error) {
      this.inboxes.recordAnswer(
        partner,
        { ...record(), status: `not valid: ${(error as Error).message}` },
        this.config.SIMULATOR_INBOX_LIMIT,
      );
      return;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.producer.send([
          {
            topic,
            key: `${partySlug(answer.publisher)}-svar-${answer.inReplyTo}`,
            value,
            headers: { [HEADERS.correlationId]: envelope.correlationId ?? envelope.messageId },
            // The answer's simulated time: the hub's clock on a create-time topic (local profiles).
            timestamp: Date.parse(envelope.queuedAt),
          },
        ]);
        this.inboxes.recordAnswer(
          partner,
          { ...record(), status: 'published' },
          this.config.SIMULATOR_INBOX_LIMIT,
        );
        this.log.log({
          msg: 'partner answered',
          partner,
          kind: answer.kind,
          messageId: envelope.messageId,
          inReplyTo: answer.inReplyTo,
        });
        return;
      } catch (error) {
        if (attempt >= PUBLISH_ATTEMPTS || this.stopping) {
          this.inboxes.recordAnswer(
            partner,
            { ...record(), status: `not published: ${(error as Error).message}` },
            this.config.SIMULATOR_INBOX_LIMIT,
          );
          this.log.warn({
            msg: 'partner answer not published',
            partner,
            kind: answer.kind,
            error: (error as Error).message,
          });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, PUBLISH_RETRY_MS));
      }
    }
  }
}
