import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import {
  declareTopics,
  HUB_VERSION,
  HubCodec,
  INBOUND_TIMESTAMP_TYPES,
  INBOUND_TOPIC_PATTERN,
  parseInboundTopic,
} from '@hub/contracts';
import { partnersOf } from '@hub/agreements';
import {
  ConsumerStatus,
  discoverChunkHandlers,
  ensureTopics,
  KAFKA_CLIENT,
  KafkaBatchServer,
} from '@hub/kafka';
import { bootstrapService } from '@hub/observability';
import { MessageClaimRepository } from '@hub/persistence';
import type { Kafka } from '@hub/kafka';

import { MessageClaimGuard } from './dedup/message-claim.guard';
import { assertInboundClock } from './inbound/inbound-clock';
import { InboundDecoder } from './inbound/inbound-decoder';
import type { RouterConfig } from './router.config';
import { CONSUMER_GROUP, ROUTER_RETRY_POLICY, SERVICE_NAME } from './router.constants';
import { HUB_CODEC, RouterModule } from './router.module';
import { ReferenceDataHolder } from './routing/reference-data.holder';
import { RejectionBuilder, rejectionForError, UNREAD } from './routing/rejection';

/** The router: consume the inbound channels, judge each message, route it or reject it. */
void bootstrapService(SERVICE_NAME, RouterModule, async (app) => {
  const config = app.get<RouterConfig>(APP_CONFIG);
  const kafka = app.get<Kafka>(KAFKA_CLIENT);
  const codec = app.get<HubCodec>(HUB_CODEC);
  const reference = app.get(ReferenceDataHolder);
  process.on('SIGHUP', () => reference.reload());

  const partners = partnersOf(reference.catalog);
  const log = new Logger(SERVICE_NAME);
  await ensureTopics(
    kafka,
    declareTopics(
      partners,
      {
        inboundPartitions: config.ROUTER_INBOUND_PARTITIONS,
        outboundPartitions: 6,
        internalPartitions: 6,
      },
      INBOUND_TIMESTAMP_TYPES[config.HUB_INBOUND_TIMESTAMPS],
    ),
    {
      mayBeMissing: (topic) => parseInboundTopic(topic) !== undefined,
      onMissing: (topics) =>
        log.warn({
          msg: 'inbound topics missing: those partners cannot publish until the operator runs `hub topics create`',
          topics,
        }),
    },
  );
  const checked = await assertInboundClock(kafka, config.HUB_INBOUND_TIMESTAMPS);
  log.log({
    msg: 'inbound topics are stamped by the clock the router judges on',
    inboundTimestamps: config.HUB_INBOUND_TIMESTAMPS,
    topics: checked.length,
  });
  const decoder = new InboundDecoder(
    codec,
    { bySlug: (slug) => reference.senderBySlug(slug) },
    config.ROUTER_MAX_RECORD_BYTES,
  );
  const rejections = new RejectionBuilder(codec, HUB_VERSION);
  const partnerKinds = codec
    .kinds()
    .filter((kind) => !kind.startsWith('routing.') && !kind.startsWith('events.'));

  app.connectMicroservice(
    {
      strategy: new KafkaBatchServer({
        kafka,
        groupId: CONSUMER_GROUP,
        topics: [INBOUND_TOPIC_PATTERN],
        transactionalIdPrefix: CONSUMER_GROUP,
        status: app.get(ConsumerStatus),
        guard: new MessageClaimGuard(app.get(MessageClaimRepository)),
        requiredPatterns: partnerKinds,
        retry: ROUTER_RETRY_POLICY,
        maxRecordsPerTransaction: config.ROUTER_MAX_RECORDS_PER_TRANSACTION,
        handlers: discoverChunkHandlers(app),
        decode: (record) => decoder.decode(record),
        onPoison: (record, error) => {
          const reason = rejectionForError(error);
          return rejections.build(
            record,
            decoder.senderOf(record.topic),
            { ...reason, ...UNREAD },
            new Date(),
          );
        },
      }),
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.ROUTER_HTTP_PORT, '127.0.0.1');
});
