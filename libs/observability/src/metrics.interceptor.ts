import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';

import { hubMetrics, metricLabel } from './metrics';

/**
 * Times every HTTP route (per route template) without touching the apps. Registered globally by
 * HubHealthModule. Kafka handlers are timed and counted by the consumer loop itself (libs/kafka
 * `ChunkRunner`), which calls them directly rather than through Nest.
 */
@Injectable()
export class MetricsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const startedAt = process.hrtime.bigint();
    const seconds = (): number => Number(process.hrtime.bigint() - startedAt) / 1e9;
    const metrics = hubMetrics();
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
}
