import { Controller, Get, Inject, Optional } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorFunction,
} from '@nestjs/terminus';
import { ApiExcludeController } from '@nestjs/swagger';

/** Readiness checks an app registers (Kafka, the database, ...); a Symbol token. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** Operational endpoints, left out of the services' API documents. */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Optional() @Inject(READINESS_CHECKS) private readonly readiness: HealthIndicatorFunction[] = [],
  ) {}

  /** Liveness: the process answers. Restart it only when this fails. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: its dependencies answer and its consumer loop runs; 503 with details otherwise. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.readiness);
  }
}
