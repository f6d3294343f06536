import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import type { HttpsOptions } from '@nestjs/common/interfaces/external/https-options.interface';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

import { startServiceMetrics } from './metrics';
import { redactCprInText } from './redact';

/** How Nest makes a service's HTTP server. */
export interface BootstrapOptions {
  rawBody?: boolean;
  /** false: no body parsers at all; the app reads its request bodies itself (the ingress). */
  bodyParser?: boolean;
  /**
   * HTTPS instead of HTTP. A function, called inside the start-up guard: Nest makes the server
   * before any module (and so the validated config) exists, so a bad TLS setting is reported here.
   */
  httpsOptions?: () => HttpsOptions | undefined;
}

/**
 * Makes a hub service's app: structured logger, metrics named after the service, shutdown hooks
 * (SIGTERM or SIGINT close the app), then `start` (the services' runHubService, libs/service,
 * starts everything there). A start-up failure (a bad setting, an unreachable broker) is printed
 * plainly and exits non-zero instead of leaving a half-started process.
 */
export async function bootstrapService(
  service: string,
  module: Type<unknown> | DynamicModule,
  start: (app: INestApplication) => Promise<void>,
  options: BootstrapOptions = {},
): Promise<INestApplication | undefined> {
  try {
    startServiceMetrics(service);
    const app = await NestFactory.create(module, {
      bufferLogs: true,
      abortOnError: false,
      rawBody: options.rawBody ?? false,
      bodyParser: options.bodyParser ?? true,
      httpsOptions: options.httpsOptions?.(),
    });
    app.useLogger(app.get(Logger));
    // Only these end a service; SIGHUP is the router's "reload the agreements" signal, not a shutdown.
    app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
    await start(app);
    return app;
  } catch (error) {
    // Written before (or instead of) the logger, so past its redaction: redacted here.
    process.stderr.write(`${service}: ${redactCprInText((error as Error).message)}\n`);
    process.exit(1);
  }
}
