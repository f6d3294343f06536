import 'reflect-metadata';

import { APP_CONFIG } from '@hub/config';
import { declareTopics, loadHubCodec, TOPICS } from '@hub/contracts';
import {
  ConsumerStatus,
  deadLetterRecord,
  ensureTopics,
  errorReason,
  KAFKA_CLIENT,
  KafkaBatchServer,
} from '@hub/kafka';
import { bootstrapService } from '@hub/observability';
import type { Kafka } from 'kafkajs';

import { MonitorModule, SERVICE_NAME } from './monitor.module';
import type { MonitorConfig } from './monitor.config';
import { PROJECTED_EVENT_KINDS } from './projection/exchange-log.projection';

/** The exchange log (a projection of the hub's events into PostgreSQL) and its API. */
void bootstrapService(SERVICE_NAME, MonitorModule, async (app) => {
  const config = app.get<MonitorConfig>(APP_CONFIG);
  const kafka = app.get<Kafka>(KAFKA_CLIENT);
  const codec = loadHubCodec();
  await ensureTopics(kafka, declareTopics([]));
  app.connectMicroservice(
    {
      strategy: new KafkaBatchServer({
        kafka,
        groupId: 'hub-monitor',
        topics: [TOPICS.events],
        transactionalIdPrefix: 'hub-monitor',
        status: app.get(ConsumerStatus),
        requiredPatterns: PROJECTED_EVENT_KINDS,
        decode: (record) => {
          const decoded = codec.decode(record.value ?? Buffer.alloc(0));
          return { pattern: decoded.kind, data: decoded.value };
        },
        // An event the log cannot take is kept for a person to look at, and the log moves on.
        onPoison: (record, error) => [
          deadLetterRecord(record, { code: 'MONITOR_REJECTED', text: errorReason(error) }),
        ],
      }),
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.MONITOR_HTTP_PORT, '127.0.0.1');
});
