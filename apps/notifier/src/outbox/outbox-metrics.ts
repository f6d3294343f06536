import { metricsRegistry } from '@hub/observability';
import { MailOutboxRepository } from '@hub/persistence';
import { Counter, Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';

/** The metric names, for the alert rules' test and the dashboard (infra/grafana/). */
export const OUTBOX_METRIC_NAMES = {
  depth: 'hub_notifier_outbox_depth',
  oldestAge: 'hub_notifier_outbox_oldest_age_seconds',
  resent: 'hub_notifier_mails_resent_total',
  settleFailures: 'hub_notifier_mail_settle_failures_total',
  refused: 'hub_notifier_mails_refused_total',
} as const;

export interface OutboxCounters {
  /** Mails sent again because their sender was interrupted between SMTP and settling them. */
  readonly resent: Counter;
  /** Mails the SMTP server took that could not be settled `sent` before the sending timeout. */
  readonly settleFailures: Counter;
  /** Mails the SMTP server refused for good (set aside `failed` with the reason, not retried). */
  readonly refused: Counter;
}

let counters: OutboxCounters | undefined;

/** The sender's counters, created once per process (every instance counts what it did itself). */
export function outboxCounters(): OutboxCounters {
  counters ??= {
    resent: new Counter({
      name: OUTBOX_METRIC_NAMES.resent,
      help: 'Mails sent again after their sender was interrupted between SMTP and recording them as sent',
      registers: [metricsRegistry],
    }),
    settleFailures: new Counter({
      name: OUTBOX_METRIC_NAMES.settleFailures,
      help: 'Mails the SMTP server took that could not be recorded as sent within the sending timeout',
      registers: [metricsRegistry],
    }),
    refused: new Counter({
      name: OUTBOX_METRIC_NAMES.refused,
      help: 'Mails the SMTP server refused for good (5xx); set aside as failed with the reason, not retried',
      registers: [metricsRegistry],
    }),
  };
  return counters;
}

/**
 * The outbox's backlog on /metrics, read from `mail_outbox` at scrape time: mails not yet sent, and
 * the age of the oldest. Every notifier instance reports the same figures (one table): aggregate
 * with max. A scrape while the database is away keeps the last figures.
 */
export function registerOutboxGauges(dataSource: DataSource): void {
  type Backlog = { depth: number; oldestAgeSeconds: number } | undefined;
  let last: { at: number; backlog: Promise<Backlog> } | undefined;
  // One read of the table serves both gauges of a scrape.
  const backlog = (): Promise<Backlog> => {
    if (!last || Date.now() - last.at > 1_000) {
      last = {
        at: Date.now(),
        backlog: MailOutboxRepository.backlog(dataSource.manager).catch(() => undefined),
      };
    }
    return last.backlog;
  };
  for (const [name, help, pick] of [
    [
      OUTBOX_METRIC_NAMES.depth,
      'Mails recorded and not yet sent (pending or sending); digest items held for their digest excluded',
      (value: { depth: number }) => value.depth,
    ],
    [
      OUTBOX_METRIC_NAMES.oldestAge,
      'Age in seconds of the oldest mail recorded and not yet sent (0 when none)',
      (value: { oldestAgeSeconds: number }) => value.oldestAgeSeconds,
    ],
  ] as const) {
    metricsRegistry.removeSingleMetric(name);
    new Gauge({
      name,
      help,
      registers: [metricsRegistry],
      async collect() {
        const value = await backlog();
        if (value) this.set(pick(value));
      },
    });
  }
}
