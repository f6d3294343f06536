import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { PRINCIPALS } from '@hub/contracts';
import { HubServiceModule } from '@hub/service';

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
import { SERVICE_NAME } from './monitor.constants';
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
    HubServiceModule.forService({
      name: SERVICE_NAME,
      config: MONITOR_CONFIG,
      logLevel: (config) => config.MONITOR_LOG_LEVEL,
      kafka: { principal: PRINCIPALS.monitor, readiness: 'consumer' },
      databaseUrl: (config) => config.HUB_DATABASE_URL,
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
