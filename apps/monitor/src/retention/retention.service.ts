import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { addMonths } from '@hub/agreements';
import { APP_CONFIG } from '@hub/config';
import { DeadLetterRepository, ExchangeLogRepository } from '@hub/persistence';
import { PeriodicTask } from '@hub/service';
import { DataSource } from 'typeorm';

import type { MonitorConfig } from '../monitor.config';
import { RETENTION_BATCH } from '../monitor.constants';
import { MonitorClock } from '../reference/monitor-clock';
import { MonitorReference } from '../reference/monitor-reference';

/** One retention rule: exchanges under these agreements (null: none or unknown) dated before the cutoff go. */
export interface RetentionCutoff {
  agreementId: string | null;
  /** Exchanges with a Danish exchange date before this day are purged. */
  before: string;
}

/**
 * Each agreement keeps its exchanges `retention.exchangeLogMonths` months (seed 001: 36, to cover the
 * evaluation); exchanges under no known agreement keep MONITOR_DEFAULT_RETENTION_MONTHS. Pure.
 */
export function retentionCutoffs(
  agreements: readonly { id: string; retention: { exchangeLogMonths: number } }[],
  defaultMonths: number,
  today: string,
): RetentionCutoff[] {
  return [
    ...agreements.map((agreement) => ({
      agreementId: agreement.id,
      before: addMonths(today, -agreement.retention.exchangeLogMonths),
    })),
    { agreementId: null, before: addMonths(today, -defaultMonths) },
  ];
}

/**
 * The retention job: every MONITOR_RETENTION_INTERVAL_MS (the first round too, counted from start) it purges exchanges past their agreement's
 * retention period, with their deadlines and timeline, and dead-letter reasons past the default
 * period. Purged, not anonymised: what is gone cannot be linked back to a person. A purged exchange's
 * message id is kept in `purged_exchange`, so an event about it that comes later (a delivery receipt,
 * a mail) adds nothing back. Idempotent and instance-safe (plain deletes in batches); a replay of old
 * events into an empty log brings a purged exchange back only until the next round.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(RetentionJob.name);
  private readonly task: PeriodicTask;

  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: MonitorReference,
    private readonly clock: MonitorClock,
    @Inject(APP_CONFIG) private readonly config: MonitorConfig,
  ) {
    // The first round too waits one interval: an operator (or a replay of dated records, or a test
    // counting rows) who sets a long interval gets no round before it. Purging an hour late is no
    // harm; purging what a replay has just written is.
    this.task = new PeriodicTask(
      { name: 'retention', everyMs: config.MONITOR_RETENTION_INTERVAL_MS, log: this.log },
      () => this.purge(),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One round; returns how many exchanges it purged. */
  private async purge(): Promise<number> {
    const today = this.clock.today();
    const cutoffs = retentionCutoffs(
      this.reference.catalog.agreements,
      this.config.MONITOR_DEFAULT_RETENTION_MONTHS,
      today,
    );
    const known = this.reference.catalog.agreements.map((agreement) => agreement.id);
    let purged = 0;
    const db = this.dataSource.manager;
    for (const cutoff of cutoffs) {
      for (;;) {
        const count = await ExchangeLogRepository.purgeBatch(
          db,
          cutoff.before,
          cutoff.agreementId,
          known,
          RETENTION_BATCH,
        );
        purged += count;
        if (count < RETENTION_BATCH) break;
      }
    }
    await ExchangeLogRepository.deleteStepsOfPurged(db);
    const defaultCutoff = cutoffs[cutoffs.length - 1].before;
    await DeadLetterRepository.purgeBefore(db, defaultCutoff);
    if (purged > 0) this.log.log({ msg: 'exchanges past their retention period purged', purged });
    return purged;
  }
}
