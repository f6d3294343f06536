import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import type { Request, Response } from 'express';

import type { MonitorConfig } from '../monitor.config';
import { ApiKeyDirectory, Principal } from './api-keys';
import { FailedKeyLimiter } from './failed-key-limiter';

/** The header every API call carries; named once for the guard, OpenAPI and the dashboard page. */
export const API_KEY_HEADER = 'x-api-key';
/** The OpenAPI security scheme name. */
export const API_KEY_SCHEME = 'api-key';

type WithPrincipal = Request & { principal?: Principal };

/**
 * Every API call needs the x-api-key header (the exchange log is about people, even pseudonymised):
 * the operator's key sees every exchange, a partner's key only the exchanges it is a party to.
 * A client address that gives too many wrong keys within a window gets 429 with Retry-After for its
 * wrong keys (FailedKeyLimiter); a valid key from it still passes.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly logger = new Logger(ApiKeyGuard.name);
  private readonly directory: ApiKeyDirectory;

  constructor(
    @Inject(APP_CONFIG) config: MonitorConfig,
    // One limiter for the app (a provider), whichever controller's guard instance counts.
    private readonly limiter: FailedKeyLimiter,
  ) {
    this.directory = new ApiKeyDirectory(config.MONITOR_ADMIN_API_KEY, config.MONITOR_PARTNER_API_KEYS);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<WithPrincipal>();
    const header = request.headers[API_KEY_HEADER];
    const given = Array.isArray(header) ? header[0] : header;
    const principal = this.directory.principalFor(given);
    if (principal) {
      request.principal = principal;
      return true;
    }
    if (given) this.refuseWrongKey(request, context.switchToHttp().getResponse<Response>());
    throw new UnauthorizedException('a valid x-api-key header is required');
  }

  /** Counts a wrong key against the caller's address; throws 429 once the address has had its share. */
  private refuseWrongKey(request: Request, response: Response): void {
    // The socket's address, not X-Forwarded-For: a header the caller writes cannot reset its count.
    const address = request.socket.remoteAddress ?? 'unknown';
    const now = Date.now();
    const wait = this.limiter.retryAfterSeconds(address, now);
    if (wait === 0) {
      // This wrong key is answered 401 like any other; the warning marks when the next ones get 429.
      this.limiter.recordFailure(address, now);
      const next = this.limiter.retryAfterSeconds(address, now);
      if (next > 0) this.logger.warn(`too many wrong API keys from ${address}: refused for ${next} s`);
      return;
    }
    response.setHeader('Retry-After', String(wait));
    throw new HttpException(
      `too many wrong API keys from this address; try again in ${wait} s`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** The caller the guard established. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<WithPrincipal>().principal;
  if (!principal) throw new UnauthorizedException('a valid x-api-key header is required');
  return principal;
});
