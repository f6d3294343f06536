import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import type { z } from 'zod';

import { CrossCheck, loadConfig } from './load-config';

/** Injection token of the app's typed, validated configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * One validated config per app: @nestjs/config validates the environment with the
 * app's schema at start-up, and the typed result is injected with @Inject(APP_CONFIG).
 * process.env is read here and nowhere else in the services (but loadConfigBeforeApp, see there).
 */
@Module({})
export class HubConfigModule {
  static forApp<Shape extends z.ZodRawShape>(
    service: string,
    shape: Shape,
    crossCheck?: CrossCheck<z.infer<z.ZodObject<Shape>>>,
  ): DynamicModule {
    return {
      module: HubConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          validate: (raw: Record<string, unknown>) => ({
            app: loadConfig(service, shape, raw as Record<string, string | undefined>, crossCheck),
          }),
        }),
      ],
      providers: [
        {
          provide: APP_CONFIG,
          useFactory: (config: ConfigService): z.infer<z.ZodObject<Shape>> => config.getOrThrow('app'),
          inject: [ConfigService],
        },
      ],
      exports: [APP_CONFIG],
    };
  }
}
