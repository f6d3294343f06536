import { DynamicModule, FactoryProvider, InjectionToken, Module } from '@nestjs/common';
import { HealthIndicatorFunction, TerminusModule } from '@nestjs/terminus';

import { HealthController, READINESS_CHECKS } from './health.controller';

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
      controllers: [HealthController],
      providers: [{ provide: READINESS_CHECKS, inject: checks.inject, useFactory: checks.useFactory }],
    };
  }
}
