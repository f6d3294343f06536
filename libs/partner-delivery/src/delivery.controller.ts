import { Controller, Inject, Logger } from '@nestjs/common';
import { HubCodec, RejectionReceipt, RoutedMessage } from '@hub/contracts';
import { ChunkEntry, ConsumedRecord, eachEntry, HandlerResult, HandlesChunk } from '@hub/kafka';
import { classifyDatabaseError, DeliveryQueueRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';

import { refusalRecords } from './delivery-outcomes';
import { DeliveryWorker } from './delivery-worker.service';
import { HUB_CODEC, QUEUE_CIPHER } from './delivery.tokens';
import { documentForReceipt, documentForRouted, PartnerDocument, queuedDelivery } from './partner-document';
import { QueueCipher } from './queue-cipher';
import { UNION_CONSENT_MISSING, unionConsentRefusal } from './union-consent';

/**
 * Takes what the router put on this adapter's outbound topic and queues it for its partner in
 * PostgreSQL; the consumer loop then commits the offset. It never waits for a partner: delivering is
 * the DeliveryWorker's job, partner by partner, so a partner that is down holds up no Kafka partition
 * (each carries many partners' documents) and no other partner. Queueing twice is a no-op (the routing
 * id is the key), so a redelivered record is not delivered twice.
 */
@Controller()
export class DeliveryController {
  private readonly log = new Logger(DeliveryController.name);

  constructor(
    @Inject(HUB_CODEC) private readonly codec: HubCodec,
    @Inject(QUEUE_CIPHER) private readonly cipher: QueueCipher,
    private readonly dataSource: DataSource,
    private readonly worker: DeliveryWorker,
  ) {}

  /**
   * Routed messages and rejection receipts, queued in the order they were consumed. A routed
   * message its receiver may not have (a union without the citizen's consent) is refused here,
   * visibly, and never queued.
   */
  @HandlesChunk(['routing.RoutedMessage', 'routing.RejectionReceipt'])
  deliver(entries: readonly ChunkEntry<RoutedMessage | RejectionReceipt>[]): Promise<HandlerResult[]> {
    return eachEntry(entries, ({ pattern, data, record }) => {
      if (pattern !== 'routing.RoutedMessage') {
        return this.enqueue(documentForReceipt(data as RejectionReceipt), record);
      }
      const routed = data as RoutedMessage;
      const message = this.codec.decode(routed.payload).value;
      const refusal = unionConsentRefusal(routed.receiver, message);
      if (refusal !== null) return this.refuse(routed, record, refusal);
      return this.enqueue(documentForRouted(routed, message), record);
    });
  }

  private refuse(routed: RoutedMessage, record: ConsumedRecord, reason: string): HandlerResult {
    this.log.warn({
      msg: 'refused a routed message: the citizen has not consented to the union receiving it',
      reasonCode: UNION_CONSENT_MISSING,
      messageId: routed.messageId,
      routingId: routed.routingId,
      receiver: `${routed.receiver.kind}:${routed.receiver.id}`,
    });
    return {
      outcome: `refused:${UNION_CONSENT_MISSING}`,
      records: refusalRecords(this.codec, routed, record, { code: UNION_CONSENT_MISSING, text: reason }),
    };
  }

  private async enqueue(document: PartnerDocument, record: ConsumedRecord): Promise<HandlerResult> {
    let queued: boolean;
    try {
      queued = await DeliveryQueueRepository.enqueue(
        this.dataSource.manager,
        queuedDelivery(document, record, this.cipher),
      );
    } catch (error) {
      // The database restarting: retried in place (the partition waits for the database, not a partner).
      throw classifyDatabaseError(error, 'queueing a delivery');
    }
    if (queued) this.worker.wake();
    return { outcome: queued ? 'queued' : 'already-queued', records: [] };
  }
}
