import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';

import { hubMetrics, metricLabel, splitOutcome } from './metrics';

const PATTERN_METADATA = 'microservices:pattern';

interface ProducedRecord {
  topic: string;
  headers?: Record<string, string | Buffer>;
}

function isHandlerResult(value: unknown): value is { outcome: string; records: ProducedRecord[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { outcome?: unknown }).outcome === 'string' &&
    Array.isArray((value as { records?: unknown }).records)
  );
}

/**
 * Times every handler without touching the apps: Kafka handlers (`@EventPattern`, per consumed kind
 * and outcome, counting what they produce) and HTTP routes (per route template). Registered
 * globally by HubHealthModule; the Kafka consumer loop runs handlers through Nest, so it applies.
 */
@Injectable()
export class MetricsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const startedAt = process.hrtime.bigint();
    const seconds = (): number => Number(process.hrtime.bigint() - startedAt) / 1e9;
    const metrics = hubMetrics();
    if (context.getType() === 'rpc') {
      const kind = this.kindOf(context);
      return next.handle().pipe(
        tap({
          next: (result: unknown) => {
            if (!isHandlerResult(result)) return;
            metrics.processing.observe(
              { kind, outcome: metricLabel(splitOutcome(result.outcome).outcome) },
              seconds(),
            );
            for (const record of result.records) {
              const produced = record.headers?.['hub-kind'];
              metrics.produced.inc({
                kind: metricLabel(produced === undefined ? undefined : String(produced)),
                topic: metricLabel(record.topic),
              });
            }
          },
          error: () => metrics.processing.observe({ kind, outcome: 'error' }, seconds()),
        }),
      );
    }
    if (context.getType() === 'http') {
      const http = context.switchToHttp();
      const request = http.getRequest<Request>();
      const observe = (status: number): void => {
        // The route template (`/api/exchanges/:messageId`), never the path with its ids.
        const template: unknown = (request as { route?: { path?: unknown } }).route?.path;
        const route = typeof template === 'string' ? template : 'unmatched';
        metrics.http.observe(
          { route: metricLabel(route), method: metricLabel(request.method), status: String(status) },
          seconds(),
        );
      };
      return next.handle().pipe(
        tap({
          complete: () => observe(http.getResponse<Response>().statusCode),
          error: (error: unknown) => {
            const getStatus = (error as { getStatus?: unknown } | null)?.getStatus;
            observe(typeof getStatus === 'function' ? Number(getStatus.call(error)) : 500);
          },
        }),
      );
    }
    return next.handle();
  }

  /**
   * The consumed record's kind: the handler's pattern when it has one (the monitor's
   * `events.ExchangeRouted`), else the decoded message's own kind (the router's one handler for
   * every partner kind).
   */
  private kindOf(context: ExecutionContext): string {
    const patterns: unknown = Reflect.getMetadata(PATTERN_METADATA, context.getHandler());
    const single: unknown =
      Array.isArray(patterns) && patterns.length === 1 ? (patterns as unknown[])[0] : undefined;
    if (typeof single === 'string') return metricLabel(single);
    const data: unknown = context.switchToRpc().getData();
    const kind = typeof data === 'object' && data !== null ? (data as { kind?: unknown }).kind : undefined;
    return metricLabel(typeof kind === 'string' ? kind : 'unknown');
  }
}
