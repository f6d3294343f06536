import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { MessageClaimRepository } from '@hub/persistence';
import { PeriodicTask } from '@hub/service';

import type { RouterConfig } from '../router.config';

const HOUR_MS = 3_600_000;

/**
 * Forgets routed message ids older than the deduplication window (ROUTER_DEDUP_WINDOW_DAYS), hourly.
 * Every instance may run it: deleting old rows twice is harmless.
 */
@Injectable()
export class ClaimRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(ClaimRetention.name);
  private readonly task = new PeriodicTask(
    { name: 'message claim retention', everyMs: HOUR_MS, log: this.log },
    () => this.purge(),
  );

  constructor(
    private readonly claims: MessageClaimRepository,
    @Inject(APP_CONFIG) private readonly config: RouterConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  async purge(): Promise<void> {
    const purged = await this.claims.purgeOlderThan(this.config.ROUTER_DEDUP_WINDOW_DAYS);
    if (purged > 0) this.log.log({ msg: 'forgot routed message ids past the deduplication window', purged });
  }
}
