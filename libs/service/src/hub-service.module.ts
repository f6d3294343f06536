import { DynamicModule, FactoryProvider, Module } from '@nestjs/common';
import { HealthIndicatorFunction, TypeOrmHealthIndicator } from '@nestjs/terminus';
import {
  APP_CONFIG,
  CrossCheck,
  HubConfigModule,
  KAFKA_CONFIG,
  KafkaConfig,
  kafkaSecurityOf,
} from '@hub/config';
import { HUB_CODEC, HUB_VERSION, HubCodec, loadServiceCodec } from '@hub/contracts';
import { KafkaHealthIndicator, KafkaModule } from '@hub/kafka';
import { HubHealthModule, HubLoggingModule } from '@hub/observability';
import { PersistenceModule } from '@hub/persistence';
import type { z } from 'zod';

/** A service's settings schema: its keys are the environment variables; it has the Kafka ones. */
export type ServiceConfigShape = typeof KAFKA_CONFIG & z.ZodRawShape;

/** The validated settings a schema gives. */
export type ConfigOf<Shape extends ServiceConfigShape> = z.infer<z.ZodObject<Shape>>;

/**
 * What `/health/ready` asks of Kafka: that the broker answers and the consumer loop runs (a
 * consuming service), that the broker answers (one that only produces), or nothing (one that must
 * work without a broker).
 */
export type KafkaReadiness = 'consumer' | 'broker' | 'none';

export interface HubServiceOptions<Shape extends ServiceConfigShape> {
  /** The service's name: on every log line and metric, its Kafka client id, its database session. */
  name: string;
  /** Its settings, validated at start-up (a bad one refuses the start, naming the variable). */
  config: Shape;
  /** Problems between settings that are each valid alone. */
  crossCheck?: CrossCheck<ConfigOf<Shape>>;
  logLevel: (config: ConfigOf<Shape>) => string;
  kafka: {
    /** The broker principal it connects as (libs/contracts/src/principals.ts). */
    principal: string;
    /** Default: the service's name. */
    clientId?: (config: ConfigOf<Shape>) => string;
    readiness: KafkaReadiness;
  };
  /** Its PostgreSQL URL, for one that has a database: TypeORM, the migration check, readiness. */
  databaseUrl?: (config: ConfigOf<Shape>) => string;
}

/** The service's codec: with a schema registry configured, its schema ids are looked up at start-up. */
export const hubCodecProvider: FactoryProvider<Promise<HubCodec>> = {
  provide: HUB_CODEC,
  inject: [APP_CONFIG],
  useFactory: (config: KafkaConfig): Promise<HubCodec> => loadServiceCodec(config.HUB_SCHEMA_REGISTRY_URL),
};

/**
 * What every hub service has, provided once: validated config (APP_CONFIG), structured logs with CPR
 * redaction, the Kafka client and producer as its own principal, PostgreSQL when it has a database,
 * health (`/health/live`, `/health/ready`) and `/metrics`, and the codec (HUB_CODEC). An app's module
 * imports `HubServiceModule.forService(...)` and lists only its own controllers and providers.
 */
@Module({})
export class HubServiceModule {
  static forService<Shape extends ServiceConfigShape>(options: HubServiceOptions<Shape>): DynamicModule {
    const { name, databaseUrl } = options;
    type Config = ConfigOf<Shape>;
    // The shape holds KAFKA_CONFIG's schemas (ServiceConfigShape), so its output holds their values.
    const kafkaSettings = (config: Config): KafkaConfig => config as unknown as KafkaConfig;
    return {
      module: HubServiceModule,
      global: true,
      imports: [
        HubConfigModule.forApp(name, options.config, options.crossCheck),
        HubLoggingModule.forService<Config>({ service: name, version: HUB_VERSION, level: options.logLevel }),
        KafkaModule.forRootAsync<Config>({
          inject: [APP_CONFIG],
          useFactory: (config) => ({
            clientId: options.kafka.clientId?.(config) ?? name,
            brokers: kafkaSettings(config).HUB_KAFKA_BROKERS,
            security: kafkaSecurityOf(name, kafkaSettings(config), options.kafka.principal),
            compression: kafkaSettings(config).HUB_KAFKA_COMPRESSION,
          }),
        }),
        ...(databaseUrl
          ? [
              PersistenceModule.forRootAsync<Config>({
                inject: [APP_CONFIG],
                useFactory: (config) => ({ url: databaseUrl(config), applicationName: name }),
              }),
            ]
          : []),
        HubHealthModule.withReadiness({
          inject: [KafkaHealthIndicator, ...(databaseUrl ? [TypeOrmHealthIndicator] : [])],
          useFactory: (kafka: KafkaHealthIndicator, database?: TypeOrmHealthIndicator) =>
            readinessChecks(options.kafka.readiness, kafka, database),
        }),
      ],
      providers: [hubCodecProvider],
      exports: [HUB_CODEC],
    };
  }
}

/** The checks behind `/health/ready`: Kafka as the service needs it, and its database if it has one. */
export function readinessChecks(
  kafkaReadiness: KafkaReadiness,
  kafka: Pick<KafkaHealthIndicator, 'isReady'>,
  database?: Pick<TypeOrmHealthIndicator, 'pingCheck'>,
): HealthIndicatorFunction[] {
  const checks: HealthIndicatorFunction[] = [];
  if (kafkaReadiness !== 'none')
    checks.push(() => kafka.isReady('kafka', { expectConsumer: kafkaReadiness === 'consumer' }));
  if (database) checks.push(() => database.pingCheck('database', { timeout: 2_000 }));
  return checks;
}
