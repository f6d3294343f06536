import { Injectable } from '@nestjs/common';
import { metricLabel, metricsRegistry } from '@hub/observability';
import { ExchangeLogRepository } from '@hub/persistence';
import { Counter, Gauge, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';

import { ConsumerLagService } from './lag/consumer-lag.service';
import { MonitorClock } from './reference/monitor-clock';

function fresh<T>(name: string, create: () => T): T {
  metricsRegistry.removeSingleMetric(name);
  return create();
}

/**
 * The hub-wide figures only the monitor sees, on its `/metrics` next to the per-service ones:
 * deadlines overdue now, deadline events raised, mails sent and delivery retries (from the hub's
 * events), delivery latency, and every hub consumer group's lag. Labels: agreement ids, kinds,
 * receiver kinds, group and topic names; never a pseudonym or a message id.
 */
@Injectable()
export class MonitorMetrics {
  readonly deadlineEvents = fresh(
    'hub_deadline_events_total',
    () =>
      new Counter({
        name: 'hub_deadline_events_total',
        help: 'Deadline events raised by the deadline watch, per event kind and agreement',
        labelNames: ['kind', 'agreement'],
        registers: [metricsRegistry],
      }),
  );

  readonly mailsSent = fresh(
    'hub_mails_sent_total',
    () =>
      new Counter({
        name: 'hub_mails_sent_total',
        help: 'Caseworker mails sent (events.NotificationSent applied to the exchange log)',
        registers: [metricsRegistry],
      }),
  );

  readonly deliveryRetries = fresh(
    'hub_delivery_retries_total',
    () =>
      new Counter({
        name: 'hub_delivery_retries_total',
        help: 'Delivery attempts beyond the first, per receiver kind (from delivery events)',
        labelNames: ['receiver_kind'],
        registers: [metricsRegistry],
      }),
  );

  readonly deliveryLatency = fresh(
    'hub_delivery_latency_seconds',
    () =>
      new Histogram({
        name: 'hub_delivery_latency_seconds',
        help: 'From routed to delivered to a receiver, per receiver kind',
        labelNames: ['receiver_kind'],
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
        registers: [metricsRegistry],
      }),
  );

  constructor(dataSource: DataSource, clock: MonitorClock, lag: ConsumerLagService) {
    fresh(
      'hub_deadlines_overdue',
      () =>
        new Gauge({
          name: 'hub_deadlines_overdue',
          help: 'Deadlines past due today and unanswered (conditional ones not counted), per agreement',
          labelNames: ['agreement'],
          registers: [metricsRegistry],
          async collect() {
            // A scrape never fails on the database: the last values stay until it answers again.
            const rows = await ExchangeLogRepository.overdueByAgreement(
              dataSource.manager,
              clock.today(),
            ).catch(() => undefined);
            if (!rows) return;
            this.reset();
            for (const row of rows) this.set({ agreement: metricLabel(row.agreement_id) }, Number(row.n));
          },
        }),
    );
    fresh(
      'hub_consumer_group_lag',
      () =>
        new Gauge({
          name: 'hub_consumer_group_lag',
          help: 'Records not yet consumed per hub consumer group and topic (a caught-up transactional partition shows 0 or 1)',
          labelNames: ['group', 'topic'],
          registers: [metricsRegistry],
          async collect() {
            const lags = await lag.allGroups();
            const sums = new Map<string, { group: string; topic: string; lag: number }>();
            for (const entry of lags) {
              const key = `${entry.group}|${entry.topic}`;
              const sum = sums.get(key) ?? { group: entry.group, topic: entry.topic, lag: 0 };
              sum.lag += entry.lag;
              sums.set(key, sum);
            }
            this.reset();
            for (const sum of sums.values()) {
              this.set({ group: metricLabel(sum.group), topic: metricLabel(sum.topic) }, sum.lag);
            }
          },
        }),
    );
  }
}
