import { Controller, Inject } from '@nestjs/common';
import { HubCodec, RejectionReceipt, RoutedMessage } from '@hub/contracts';
import { ChunkEntry, ConsumedRecord, eachEntry, HandlerResult, HandlesChunk } from '@hub/kafka';
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

  /** Routed messages and rejection receipts, queued in the order they were consumed. */
  @HandlesChunk(['routing.RoutedMessage', 'routing.RejectionReceipt'])
  deliver(entries: readonly ChunkEntry<RoutedMessage | RejectionReceipt>[]): Promise<HandlerResult[]> {
    return eachEntry(entries, ({ pattern, data, record }) =>
      this.enqueue(
        pattern === 'routing.RoutedMessage'
          ? this.documentForRouted(data as RoutedMessage)
          : documentForReceipt(data as RejectionReceipt),
        record,
      ),
    );
  }

  private documentForRouted(routed: RoutedMessage): PartnerDocument {
    return documentForRouted(routed, this.codec.decode(routed.payload).value);
  }

  private async enqueue(document: PartnerDocument, record: ConsumedRecord): Promise<HandlerResult> {
    let queued: boolean;
    try {
      queued = await DeliveryQueueRepository.enqueue(
        this.dataSource.manager,
        queuedDelivery(document, record),
      );
    } catch (error) {
      // The database restarting: retried in place (the partition waits for the database, not a partner).
      throw classifyDatabaseError(error, 'queueing a delivery');
    }
    if (queued) this.worker.wake();
    return { outcome: queued ? 'queued' : 'already-queued', records: [] };
  }
}
