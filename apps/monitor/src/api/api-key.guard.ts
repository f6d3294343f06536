import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

import type { MonitorConfig } from '../monitor.config';

/** Every API call needs the x-api-key header (the exchange log is about people, even pseudonymised). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly adminKey: Buffer;

  constructor(@Inject(APP_CONFIG) config: MonitorConfig) {
    this.adminKey = Buffer.from(config.MONITOR_ADMIN_API_KEY);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const given = Buffer.from(String(request.headers['x-api-key'] ?? ''));
    if (given.length === this.adminKey.length && timingSafeEqual(given, this.adminKey)) return true;
    throw new UnauthorizedException('a valid x-api-key header is required');
  }
}
