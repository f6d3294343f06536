import { DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { LoggerModule } from 'nestjs-pino';

import { redactCpr } from './redact';

export interface LoggingOptions<Config> {
  service: string;
  version: string;
  /** Reads the level from the app's validated config (APP_CONFIG). */
  level: (config: Config) => string;
}

/**
 * Structured JSON logs (pino) with the service name and version on every line, and CPR numbers
 * redacted by the logger itself, so no call site can leak one.
 */
@Module({})
export class HubLoggingModule {
  static forService<Config>(options: LoggingOptions<Config>): DynamicModule {
    return {
      module: HubLoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: Config) => ({
            pinoHttp: {
              level: options.level(config),
              base: { service: options.service, version: options.version },
              messageKey: 'msg',
              timestamp: () => `,"time":"${new Date().toISOString()}"`,
              formatters: { level: (label: string) => ({ level: label }) },
              hooks: {
                logMethod(args: unknown[], method: (...a: unknown[]) => void) {
                  method.apply(
                    this,
                    args.map((arg) => redactCpr(arg)),
                  );
                },
              },
              // Health probes and metrics scrapes every few seconds would drown the useful lines.
              autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
              redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]'], censor: '***' },
            },
          }),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
