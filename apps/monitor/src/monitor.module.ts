import { Module } from '@nestjs/common';
import { APP_CONFIG, HubConfigModule } from '@hub/config';
import { KafkaHealthIndicator, KafkaModule } from '@hub/kafka';
import { HubHealthModule, HubLoggingModule } from '@hub/observability';
import { PersistenceModule } from '@hub/persistence';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';

import { ExchangesController } from './api/exchanges.controller';
import { MONITOR_CONFIG, MonitorConfig } from './monitor.config';
import { ExchangeLogProjection } from './projection/exchange-log.projection';

export const SERVICE_NAME = 'monitor';
export const VERSION = '0.1.0';

@Module({
  imports: [
    HubConfigModule.forApp(SERVICE_NAME, MONITOR_CONFIG),
    HubLoggingModule.forService<MonitorConfig>({
      service: SERVICE_NAME,
      version: VERSION,
      level: (c) => c.MONITOR_LOG_LEVEL,
    }),
    KafkaModule.forRootAsync<MonitorConfig>({
      inject: [APP_CONFIG],
      useFactory: (config) => ({ clientId: SERVICE_NAME, brokers: config.HUB_KAFKA_BROKERS }),
    }),
    PersistenceModule.forRootAsync<MonitorConfig>({
      inject: [APP_CONFIG],
      useFactory: (config) => ({ url: config.HUB_DATABASE_URL, applicationName: SERVICE_NAME }),
    }),
    HubHealthModule.withReadiness({
      inject: [KafkaHealthIndicator, TypeOrmHealthIndicator],
      useFactory: (kafka: KafkaHealthIndicator, db: TypeOrmHealthIndicator) => [
        () => kafka.isReady(),
        () => db.pingCheck('database', { timeout: 2_000 }),
      ],
    }),
  ],
  controllers: [ExchangeLogProjection, ExchangesController],
})
export class MonitorModule {}
