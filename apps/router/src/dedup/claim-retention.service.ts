import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { MessageClaimRepository } from '@hub/persistence';

import type { RouterConfig } from '../router.config';

const HOUR_MS = 3_600_000;

/**
 * Forgets routed message ids older than the deduplication window (ROUTER_DEDUP_WINDOW_DAYS), hourly.
 * Every instance may run it: deleting old rows twice is harmless.
 */
@Injectable()
export class ClaimRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(ClaimRetention.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly claims: MessageClaimRepository,
    @Inject(APP_CONFIG) private readonly config: RouterConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), HOUR_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async purge(): Promise<void> {
    try {
      const purged = await this.claims.purgeOlderThan(this.config.ROUTER_DEDUP_WINDOW_DAYS);
      if (purged > 0)
        this.log.log({ msg: 'forgot routed message ids past the deduplication window', purged });
    } catch (error) {
      this.log.warn({
        msg: 'could not purge old message claims; will try again',
        error: (error as Error).message,
      });
    }
  }
}
