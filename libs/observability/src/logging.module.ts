import { DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';

import { redactCpr, redactCprInJsonLine } from './redact';

export interface LoggingOptions<Config> {
  service: string;
  version: string;
  /** Reads the level from the app's validated config (APP_CONFIG). */
  level: (config: Config) => string;
  /** Where the lines go: standard output unless a test reads them itself. */
  destination?: DestinationStream;
}

/**
 * The keys pino-http logs the raw request, response and error under. A log call's arguments are
 * redacted before pino serializes them, so these are left to their serializers (which redact what
 * they make): walking a raw request or response would copy its socket and server, and the copy would
 * no longer be something the serializer can read.
 */
const SERIALIZED_KEYS = new Set(['req', 'res', 'err']);

/**
 * The request as pino-http's serializer made it, redacted, without `params`: the logging middleware
 * is mounted on a wildcard route, so its params are the path cut into segments (never the route's
 * own), and `150385/4321` in a path would be logged as two harmless-looking segments. The URL shows
 * the path already, whole and redacted.
 */
function redactRequest(req: unknown): unknown {
  const redacted = redactCpr(req);
  if (redacted !== null && typeof redacted === 'object') delete (redacted as { params?: unknown }).params;
  return redacted;
}

function redactLogArgument(argument: unknown): unknown {
  if (
    argument === null ||
    typeof argument !== 'object' ||
    Array.isArray(argument) ||
    argument instanceof Error
  )
    return redactCpr(argument);
  const redacted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(argument))
    redacted[key] = SERIALIZED_KEYS.has(key) ? value : redactCpr(value);
  return redacted;
}

/**
 * Structured JSON logs (pino) with the service name and version on every line, and CPR numbers
 * redacted by the logger itself, so no call site can leak one: in what a call logs, in the request
 * and response pino-http logs (their URL, query, route parameters and headers), and, as a last net,
 * in every string of the finished line, which also covers a child logger's bindings.
 */
@Module({})
export class HubLoggingModule {
  static forService<Config>(options: LoggingOptions<Config>): DynamicModule {
    return {
      module: HubLoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: Config) => {
            const http: Options = {
              level: options.level(config),
              base: { service: options.service, version: options.version },
              messageKey: 'msg',
              timestamp: () => `,"time":"${new Date().toISOString()}"`,
              formatters: { level: (label: string) => ({ level: label }) },
              hooks: {
                logMethod(args: unknown[], method: (...a: unknown[]) => void) {
                  method.apply(
                    this,
                    args.map((arg) => redactLogArgument(arg)),
                  );
                },
                streamWrite: (line: string) => redactCprInJsonLine(line),
              },
              serializers: {
                // pino-http hands each of these the standard serializer's output, never the raw object.
                req: redactRequest,
                res: (res: unknown) => redactCpr(res),
                err: (err: unknown) => redactCpr(err),
              },
              // Health probes and metrics scrapes every few seconds would drown the useful lines.
              autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
              redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]'], censor: '***' },
            };
            return { pinoHttp: options.destination ? [http, options.destination] : http };
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
