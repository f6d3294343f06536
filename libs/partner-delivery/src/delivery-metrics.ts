import { metricLabel, metricsRegistry } from '@hub/observability';
import { DeliveryQueueRepository, PartnerQueueStats } from '@hub/persistence';
import { Counter, Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';

/** The metric names, for the alert rules' test and the dashboard (infra/grafana/). */
export const DELIVERY_METRIC_NAMES = {
  parked: 'hub_delivery_parked_total',
  queueDepth: 'hub_delivery_queue_depth',
  oldestAge: 'hub_delivery_queue_oldest_age_seconds',
} as const;

let parked: Counter<'partner'> | undefined;

/**
 * Documents parked (kept failing transiently until the partner's limit), per partner, counted by the
 * instance that parked them: sum over instances, and use increase() (a restart starts it at 0).
 */
export function parkedDocuments(): Counter<'partner'> {
  parked ??= new Counter({
    name: DELIVERY_METRIC_NAMES.parked,
    help: 'Documents parked after failing transiently until their partner parking limit, per partner',
    labelNames: ['partner'],
    registers: [metricsRegistry],
  });
  return parked;
}

/** How long one read of the queue serves the scrape of both gauges (they are read together). */
const STATS_FRESH_MS = 1_000;

/**
 * Queue depth and the age of the oldest pending document per partner of one receiver kind, read from
 * `delivery_queue` at scrape time. Several instances of a kind share the table, so each reports the
 * same figures: aggregate with max (the alert rules do), never sum. A partner whose queue drained
 * reports 0 rather than vanishing; a scrape while the database is away keeps the last figures.
 */
export function registerQueueGauges(dataSource: DataSource, receiverKind: string): void {
  let last: { at: number; stats: Promise<PartnerQueueStats[] | undefined> } | undefined;
  const stats = (): Promise<PartnerQueueStats[] | undefined> => {
    if (!last || Date.now() - last.at > STATS_FRESH_MS) {
      last = {
        at: Date.now(),
        stats: DeliveryQueueRepository.queueStats(dataSource.manager, receiverKind).catch(() => undefined),
      };
    }
    return last.stats;
  };
  const gauge = (name: string, help: string, value: (row: PartnerQueueStats) => number): void => {
    const seen = new Set<string>();
    metricsRegistry.removeSingleMetric(name);
    new Gauge({
      name,
      help,
      labelNames: ['partner'],
      registers: [metricsRegistry],
      async collect() {
        const rows = await stats();
        if (!rows) return;
        this.reset();
        for (const partner of seen) this.set({ partner }, 0);
        for (const row of rows) {
          const partner = metricLabel(row.partner);
          seen.add(partner);
          this.set({ partner }, value(row));
        }
      },
    });
  };
  gauge(
    DELIVERY_METRIC_NAMES.queueDepth,
    'Documents waiting for their partner (pending), per partner',
    (row) => row.depth,
  );
  gauge(
    DELIVERY_METRIC_NAMES.oldestAge,
    'Age in seconds of the oldest document waiting for its partner, per partner',
    (row) => row.oldestAgeSeconds,
  );
}
