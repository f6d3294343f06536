import 'reflect-metadata';

import { APP_CONFIG } from '@hub/config';
import { declareTopics, HubCodec, TOPICS } from '@hub/contracts';
import {
  ConsumerStatus,
  deadLetterRecord,
  discoverChunkHandlers,
  ensureTopics,
  errorReason,
  KAFKA_CLIENT,
  KafkaBatchServer,
} from '@hub/kafka';
import { bootstrapService } from '@hub/observability';
import type { Kafka } from '@hub/kafka';

import type { NotifierConfig } from './notifier.config';
import { NotifierModule, SERVICE_NAME } from './notifier.module';
import { NOTIFIER_CODEC } from './notifier.tokens';
import { IGNORED_EVENT } from './planning/notifications.controller';

/** E-mails caseworkers about what needs their action: events → outbox (PostgreSQL) → SMTP. */
const NOTIFYING_EVENTS = new Set(['events.ExchangeRouted', 'events.DeadlineDue', 'events.DeadlineOverdue']);

void bootstrapService(SERVICE_NAME, NotifierModule, async (app) => {
  const config = app.get<NotifierConfig>(APP_CONFIG);
  const kafka = app.get<Kafka>(KAFKA_CLIENT);
  const codec = app.get<HubCodec>(NOTIFIER_CODEC);
  await ensureTopics(kafka, declareTopics([]));
  app.connectMicroservice(
    {
      strategy: new KafkaBatchServer({
        kafka,
        groupId: 'hub-notifier',
        topics: [TOPICS.events],
        transactionalIdPrefix: 'hub-notifier',
        status: app.get(ConsumerStatus),
        handlers: discoverChunkHandlers(app),
        requiredPatterns: [...NOTIFYING_EVENTS, IGNORED_EVENT],
        decode: (record) => {
          const decoded = codec.decode(record.value ?? Buffer.alloc(0));
          return {
            pattern: NOTIFYING_EVENTS.has(decoded.kind) ? decoded.kind : IGNORED_EVENT,
            data: decoded.value,
          };
        },
        onPoison: (record, error) => [
          deadLetterRecord(record, { code: 'NOTIFIER_REJECTED', text: errorReason(error) }),
        ],
      }),
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.NOTIFIER_HTTP_PORT, '127.0.0.1');
});
