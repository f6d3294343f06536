import { DynamicModule, FactoryProvider, InjectionToken, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HealthIndicatorFunction, TerminusModule } from '@nestjs/terminus';

import { HealthController, READINESS_CHECKS } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsInterceptor } from './metrics.interceptor';

/**
 * Health (`/health/live`, `/health/ready`) and Prometheus metrics (`/metrics`, handler timing for
 * every Kafka handler and HTTP route) for a hub service; every app imports it.
 */
@Module({})
export class HubHealthModule {
  /** The app's readiness checks, built by a factory from its own indicators (Kafka, the database). */
  static withReadiness(checks: {
    inject: InjectionToken[];
    useFactory: FactoryProvider<HealthIndicatorFunction[]>['useFactory'];
  }): DynamicModule {
    return {
      module: HubHealthModule,
      imports: [TerminusModule.forRoot({ logger: false, errorLogStyle: 'json' })],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: READINESS_CHECKS, inject: checks.inject, useFactory: checks.useFactory },
        { provide: APP_INTERCEPTOR, useClass: MetricsInterceptor },
      ],
    };
  }
}
