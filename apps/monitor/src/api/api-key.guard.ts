import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import type { Request } from 'express';

import type { MonitorConfig } from '../monitor.config';
import { ApiKeyDirectory, Principal } from './api-keys';

/** The header every API call carries; named once for the guard, OpenAPI and the dashboard page. */
export const API_KEY_HEADER = 'x-api-key';
/** The OpenAPI security scheme name. */
export const API_KEY_SCHEME = 'api-key';

type WithPrincipal = Request & { principal?: Principal };

/**
 * Every API call needs the x-api-key header (the exchange log is about people, even pseudonymised):
 * the operator's key sees every exchange, a partner's key only the exchanges it is a party to.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly directory: ApiKeyDirectory;

  constructor(@Inject(APP_CONFIG) config: MonitorConfig) {
    this.directory = new ApiKeyDirectory(config.MONITOR_ADMIN_API_KEY, config.MONITOR_PARTNER_API_KEYS);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<WithPrincipal>();
    const header = request.headers[API_KEY_HEADER];
    const principal = this.directory.principalFor(Array.isArray(header) ? header[0] : header);
    if (!principal) throw new UnauthorizedException('a valid x-api-key header is required');
    request.principal = principal;
    return true;
  }
}

/** The caller the guard established. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<WithPrincipal>().principal;
  if (!principal) throw new UnauthorizedException('a valid x-api-key header is required');
  return principal;
});
