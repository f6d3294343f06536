import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { HubCodec, RejectionReceipt, RoutedMessage } from '@hub/contracts';
import { HandlerResult, KafkaRecordContext } from '@hub/kafka';
import { classifyDatabaseError, DeliveryQueueRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';

import { DeliveryWorker } from './delivery-worker.service';
import { HUB_CODEC } from './delivery.tokens';
import { documentForReceipt, documentForRouted, PartnerDocument, queuedDelivery } from './partner-document';

/**
 * Takes what the router put on this adapter's outbound topic and queues it for its partner in
 * PostgreSQL; the consumer loop then commits the offset. It never waits for a partner: delivering is
 * the DeliveryWorker's job, partner by partner, so a partner that is down holds up no Kafka partition
 * (each carries many partners' documents) and no other partner. Queueing twice is a no-op (the routing
 * id is the key), so a redelivered record is not delivered twice.
 */
@Controller()
export class DeliveryController {
  constructor(
    @Inject(HUB_CODEC) private readonly codec: HubCodec,
    private readonly dataSource: DataSource,
    private readonly worker: DeliveryWorker,
  ) {}

  @EventPattern('routing.RoutedMessage')
  async deliverRouted(
    @Payload() routed: RoutedMessage,
    @Ctx() context: KafkaRecordContext,
  ): Promise<HandlerResult> {
    const message = this.codec.decode(routed.payload).value;
    return this.enqueue(documentForRouted(routed, message), context);
  }

  @EventPattern('routing.RejectionReceipt')
  async deliverReceipt(
    @Payload() receipt: RejectionReceipt,
    @Ctx() context: KafkaRecordContext,
  ): Promise<HandlerResult> {
    return this.enqueue(documentForReceipt(receipt), context);
  }

  private async enqueue(document: PartnerDocument, context: KafkaRecordContext): Promise<HandlerResult> {
    let queued: boolean;
    try {
      queued = await DeliveryQueueRepository.enqueue(
        this.dataSource.manager,
        queuedDelivery(document, context.record),
      );
    } catch (error) {
      // The database restarting: retried in place (the partition waits for the database, not a partner).
      throw classifyDatabaseError(error, 'queueing a delivery');
    }
    if (queued) this.worker.wake();
    return { outcome: queued ? 'queued' : 'already-queued', records: [] };
  }
}
