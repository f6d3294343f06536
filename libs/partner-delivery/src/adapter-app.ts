import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { APP_CONFIG, env, HubConfigModule } from '@hub/config';
import { HubCodec, loadHubCodec, PartyKind, TOPICS, declareTopics } from '@hub/contracts';
import {
  ConsumerStatus,
  deadLetterRecord,
  errorReason,
  ensureTopics,
  KAFKA_CLIENT,
  KafkaBatchServer,
  KafkaHealthIndicator,
  KafkaModule,
  PermanentError,
} from '@hub/kafka';
import { bootstrapService, HubHealthModule, HubLoggingModule } from '@hub/observability';
import type { Kafka } from 'kafkajs';
import { z } from 'zod';

import { DeliveryController } from './delivery.controller';
import { HUB_CODEC, PARTNER_CLIENT } from './delivery.tokens';
import { PartnerClient } from './partner-client';

const VERSION = '0.1.0';

function configShape(prefix: string) {
  return {
    HUB_KAFKA_BROKERS: env.brokers(),
    [`${prefix}_HTTP_PORT`]: env.port(),
    [`${prefix}_ENDPOINT_TEMPLATE`]: z
      .string({
        required_error:
          'is required: the partner endpoint URL template, e.g. http://127.0.0.1:4010/partners/{kind}/{id}/inbox',
      })
      .url(
        'must be a URL template with {kind} and {id}, e.g. http://127.0.0.1:4010/partners/{kind}/{id}/inbox',
      ),
    [`${prefix}_HMAC_SECRET`]: env.secret(
      'the secret the partner verifies the x-hub-signature-256 header with',
    ),
    [`${prefix}_TIMEOUT_MS`]: env.positiveInt(5_000),
    [`${prefix}_LOG_LEVEL`]: env.logLevel(),
  } as const;
}

type AdapterConfig = Record<string, string | number | string[]>;

/**
 * One partner adapter per receiver kind (apps/akasse-adapter, apps/jobcenter-adapter): the same
 * delivery code, its own outbound topic, consumer group, settings prefix and port.
 */
export function adapterModule(receiverKind: PartyKind, prefix: string): DynamicModule {
  const service = `${receiverKind}-adapter`;
  const shape = configShape(prefix);
  @Module({})
  class AdapterModule {}
  return {
    module: AdapterModule,
    imports: [
      HubConfigModule.forApp(service, shape),
      HubLoggingModule.forService({
        service,
        version: VERSION,
        level: (config: AdapterConfig) => config[`${prefix}_LOG_LEVEL`] as string,
      }),
      KafkaModule.forRootAsync<AdapterConfig>({
        inject: [APP_CONFIG],
        useFactory: (config) => ({ clientId: service, brokers: config.HUB_KAFKA_BROKERS as string[] }),
      }),
      HubHealthModule.withReadiness({
        useFactory: (kafka: KafkaHealthIndicator) => [() => kafka.isReady()],
        inject: [KafkaHealthIndicator],
      }),
    ],
    controllers: [DeliveryController],
    providers: [
      { provide: HUB_CODEC, useFactory: (): HubCodec => loadHubCodec() },
      {
        provide: PARTNER_CLIENT,
        useFactory: (config: AdapterConfig) =>
          new PartnerClient({
            endpointTemplate: config[`${prefix}_ENDPOINT_TEMPLATE`] as string,
            hmacSecret: config[`${prefix}_HMAC_SECRET`] as string,
            timeoutMs: config[`${prefix}_TIMEOUT_MS`] as number,
          }),
        inject: [APP_CONFIG],
      },
    ],
  };
}

export async function runAdapter(receiverKind: PartyKind, prefix: string): Promise<void> {
  const service = `${receiverKind}-adapter`;
  await bootstrapService(service, adapterModule(receiverKind, prefix), async (app: INestApplication) => {
    const config = app.get<AdapterConfig>(APP_CONFIG);
    const kafka = app.get<Kafka>(KAFKA_CLIENT);
    const codec = app.get<HubCodec>(HUB_CODEC);
    await ensureTopics(kafka, declareTopics([]));
    app.connectMicroservice(
      {
        strategy: new KafkaBatchServer({
          kafka,
          groupId: `hub-${service}`,
          topics: [TOPICS.outbound(receiverKind)],
          transactionalIdPrefix: `hub-${service}`,
          status: app.get(ConsumerStatus),
          requiredPatterns: ['routing.RoutedMessage', 'routing.RejectionReceipt'],
          // A partner waits on its deliveries: small chunks so one slow partner commits often.
          chunkSize: 50,
          decode: (record) => {
            if (!record.value) throw new PermanentError('EMPTY_MESSAGE', 'the record has no value');
            const decoded = codec.decode(record.value);
            return { pattern: decoded.kind, data: decoded.value };
          },
          onPoison: (record, error) => [
            deadLetterRecord(record, {
              code: error instanceof PermanentError ? error.code : 'UNDELIVERABLE',
              text: errorReason(error),
            }),
          ],
        }),
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    await app.listen(config[`${prefix}_HTTP_PORT`] as number, '127.0.0.1');
  });
}
