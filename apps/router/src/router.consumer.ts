import { HUB_VERSION, INBOUND_TOPIC_PATTERN } from '@hub/contracts';
import { MessageClaimRepository } from '@hub/persistence';
import type { ConsumerDefinition, ServiceContext } from '@hub/service';

import { MessageClaimGuard } from './dedup/message-claim.guard';
import { InboundDecoder } from './inbound/inbound-decoder';
import type { RouterConfig } from './router.config';
import { CONSUMER_GROUP, ROUTER_RETRY_POLICY } from './router.constants';
import { ReferenceDataHolder } from './routing/reference-data.holder';
import { RejectionBuilder, rejectionForError, UNREAD } from './routing/rejection';

/**
 * The router's consumer loop: every partner's inbound topics, each record decoded and its sender
 * taken from the topic it came on, routed message ids claimed once per cycle (MessageClaimGuard),
 * and whatever cannot be read or handled rejected to its sender (dead letter, receipt, event).
 */
export function routerConsumer({ app, config, codec }: ServiceContext<RouterConfig>): ConsumerDefinition {
  const reference = app.get(ReferenceDataHolder);
  const decoder = new InboundDecoder(
    codec,
    { bySlug: (slug) => reference.senderBySlug(slug) },
    config.ROUTER_MAX_RECORD_BYTES,
  );
  const rejections = new RejectionBuilder(codec, HUB_VERSION);
  return {
    groupId: CONSUMER_GROUP,
    topics: [INBOUND_TOPIC_PATTERN],
    guard: new MessageClaimGuard(app.get(MessageClaimRepository)),
    requiredPatterns: codec
      .kinds()
      .filter((kind) => !kind.startsWith('routing.') && !kind.startsWith('events.')),
    retry: ROUTER_RETRY_POLICY,
    maxRecordsPerTransaction: config.ROUTER_MAX_RECORDS_PER_TRANSACTION,
    decode: (record) => decoder.decode(record),
    onPoison: (record, error) =>
      rejections.build(
        record,
        decoder.senderOf(record.topic),
        { ...rejectionForError(error), ...UNREAD },
        new Date(),
      ),
  };
}
