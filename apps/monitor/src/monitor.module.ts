import { Module } from '@nestjs/common';
import { APP_CONFIG, HubConfigModule, kafkaSecurityOf } from '@hub/config';
import { HUB_VERSION, HubCodec, loadHubCodec, PRINCIPALS } from '@hub/contracts';
import { KafkaHealthIndicator, KafkaModule } from '@hub/kafka';
import { HubHealthModule, HubLoggingModule } from '@hub/observability';
import { PersistenceModule } from '@hub/persistence';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';

import { DeadLettersController } from './api/dead-letters.controller';
import { ExchangeQueryService } from './api/exchange-query.service';
import { ExchangesController } from './api/exchanges.controller';
import { FailedKeyLimiter } from './api/failed-key-limiter';
import { KpiService } from './api/kpi.service';
import { KpisController } from './api/kpis.controller';
import { DashboardController } from './dashboard/dashboard.controller';
import { DeadlineWatch } from './deadlines/deadline-watch.service';
import { ConsumerLagService } from './lag/consumer-lag.service';
import { MONITOR_CONFIG, MonitorConfig } from './monitor.config';
import { MONITOR_CODEC, SERVICE_NAME } from './monitor.constants';
import { MonitorMetrics } from './monitor.metrics';
import { DeadLetterProjection } from './projection/dead-letter.projection';
import { ExchangeLogProjection } from './projection/exchange-log.projection';
import { IgnoredEvents } from './projection/ignored-events';
import { MonitorClock } from './reference/monitor-clock';
import { MonitorReference } from './reference/monitor-reference';
import { RetentionJob } from './retention/retention.service';

export { SERVICE_NAME };

@Module({
  imports: [
    HubConfigModule.forApp(SERVICE_NAME, MONITOR_CONFIG),
    HubLoggingModule.forService<MonitorConfig>({
      service: SERVICE_NAME,
      version: HUB_VERSION,
      level: (c) => c.MONITOR_LOG_LEVEL,
    }),
    KafkaModule.forRootAsync<MonitorConfig>({
      inject: [APP_CONFIG],
      useFactory: (config) => ({
        clientId: SERVICE_NAME,
        brokers: config.HUB_KAFKA_BROKERS,
        security: kafkaSecurityOf(SERVICE_NAME, config, PRINCIPALS.monitor),
        compression: config.HUB_KAFKA_COMPRESSION,
      }),
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
  controllers: [
    ExchangeLogProjection,
    DeadLetterProjection,
    IgnoredEvents,
    ExchangesController,
    KpisController,
    DeadLettersController,
    DashboardController,
  ],
  providers: [
    { provide: MONITOR_CODEC, useFactory: (): HubCodec => loadHubCodec() },
    {
      provide: MonitorReference,
      inject: [APP_CONFIG],
      useFactory: (config: MonitorConfig) => MonitorReference.load(config),
    },
    {
      provide: FailedKeyLimiter,
      inject: [APP_CONFIG],
      useFactory: (config: MonitorConfig) =>
        new FailedKeyLimiter(config.MONITOR_API_KEY_MAX_FAILURES, config.MONITOR_API_KEY_FAILURE_WINDOW_MS),
    },
    MonitorClock,
    MonitorMetrics,
    ConsumerLagService,
    ExchangeQueryService,
    KpiService,
    DeadlineWatch,
    RetentionJob,
  ],
})
export class MonitorModule {}
