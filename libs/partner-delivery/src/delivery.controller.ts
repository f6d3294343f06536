import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { HEADERS, HubCodec, MessageTypes, RejectionReceipt, RoutedMessage, TOPICS } from '@hub/contracts';
import { deadLetterRecord, HandlerResult, KafkaRecordContext, OutgoingRecord } from '@hub/kafka';
import { deterministicUuid } from '@hub/privacy';

import { PartnerClient, PartnerRefusedError } from './partner-client';
import { documentForReceipt, documentForRouted, PartnerDocument } from './partner-document';
import { HUB_CODEC, PARTNER_CLIENT } from './delivery.tokens';

/**
 * Delivers what the router put on this adapter's outbound topic to the receiving partner, and turns
 * each outcome into a hub event for the exchange log (in the same transaction as the consumed offset).
 */
@Controller()
export class DeliveryController {
  private readonly log = new Logger(DeliveryController.name);
  /** Attempts per document in flight, so the outcome event can say how many it took. */
  private readonly attempts = new Map<string, number>();

  constructor(
    @Inject(HUB_CODEC) private readonly codec: HubCodec,
    @Inject(PARTNER_CLIENT) private readonly client: PartnerClient,
  ) {}

  @EventPattern('routing.RoutedMessage')
  async deliverRouted(
    @Payload() routed: RoutedMessage,
    @Ctx() context: KafkaRecordContext,
  ): Promise<HandlerResult> {
    const message = this.codec.decode(routed.payload).value;
    return this.deliver(documentForRouted(routed, message), routed.messageId, context);
  }

  @EventPattern('routing.RejectionReceipt')
  async deliverReceipt(
    @Payload() receipt: RejectionReceipt,
    @Ctx() context: KafkaRecordContext,
  ): Promise<HandlerResult> {
    return this.deliver(documentForReceipt(receipt), receipt.messageId ?? '', context);
  }

  private async deliver(
    document: PartnerDocument,
    messageId: string,
    context: KafkaRecordContext,
  ): Promise<HandlerResult> {
    const attempt = (this.attempts.get(document.deliveryId) ?? 0) + 1;
    this.attempts.set(document.deliveryId, attempt);
    try {
      const { partnerReference } = await this.client.deliver(document);
      this.attempts.delete(document.deliveryId);
      this.log.log({
        msg: 'delivered',
        deliveryId: document.deliveryId,
        kind: document.kind,
        receiver: document.receiver,
        attempts: attempt,
      });
      return {
        outcome: 'delivered',
        records: [
          this.event(messageId, 'events.DeliverySucceeded', {
            eventId: deterministicUuid('DeliverySucceeded', document.deliveryId),
            routingId: document.deliveryId,
            messageId,
            receiver: document.receiver,
            attempts: attempt,
            partnerReference,
            deliveredAt: new Date().toISOString(),
          }),
        ],
      };
    } catch (error) {
      if (!(error instanceof PartnerRefusedError)) throw error; // Transient: the loop retries it.
      this.attempts.delete(document.deliveryId);
      this.log.warn({
        msg: 'partner refused the document',
        deliveryId: document.deliveryId,
        status: error.httpStatus,
        reason: error.message,
      });
      const { record } = context;
      return {
        outcome: 'refused',
        records: [
          this.event(messageId, 'events.DeliveryFailed', {
            eventId: deterministicUuid('DeliveryFailed', document.deliveryId),
            routingId: document.deliveryId,
            messageId,
            receiver: document.receiver,
            attempts: attempt,
            permanent: true,
            httpStatus: error.httpStatus,
            reason: error.message,
            failedAt: new Date().toISOString(),
          }),
          // Kept where a person can see it and replay it once the partner has fixed its side.
          deadLetterRecord(record, { code: 'PARTNER_REFUSED', text: error.message }),
        ],
      };
    }
  }

  private event<K extends 'events.DeliverySucceeded' | 'events.DeliveryFailed'>(
    messageId: string,
    kind: K,
    value: MessageTypes[K],
  ): OutgoingRecord {
    return {
      topic: TOPICS.events,
      key: messageId,
      value: this.codec.encode(kind, value),
      headers: { [HEADERS.kind]: kind },
    };
  }
}
