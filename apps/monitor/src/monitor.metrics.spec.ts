import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { hubMetrics, metricsRegistry, startServiceMetrics } from '@hub/observability';
import { parkedDocuments, registerQueueGauges } from '@hub/partner-delivery';
import { Histogram } from 'prom-client';
import type { DataSource } from 'typeorm';
import { parse } from 'yaml';

import { outboxCounters, registerOutboxGauges } from '../../notifier/src/outbox/outbox-metrics';
import type { ConsumerLagService } from './lag/consumer-lag.service';
import { MonitorMetrics } from './monitor.metrics';
import { MonitorClock } from './reference/monitor-clock';

interface Panel {
  title: string;
  targets?: { expr: string }[];
}

interface AlertRule {
  alert?: string;
  expr?: string;
  labels?: { severity?: string };
  annotations?: { summary?: string; description?: string };
}

const grafana = (file: string): string =>
  readFileSync(join(__dirname, '../../../infra/grafana', file), 'utf8');
const dashboard = JSON.parse(grafana('hub-dashboard.json')) as { panels: Panel[] };
const alertRules = parse(grafana('alerts.yml')) as { groups: { name: string; rules: AlertRule[] }[] };
const metricNames = (expr: string): string[] => expr.match(/\bhub_[a-z0-9_]+/g) ?? [];

/**
 * Every metric a hub service registers, by the names Prometheus sees: the shared ones, the monitor's,
 * the deliveries' and the notifier's. The metric objects only: collecting would query the database.
 */
function servedMetrics(): Set<string> {
  startServiceMetrics('monitor');
  hubMetrics();
  new MonitorMetrics({} as DataSource, new MonitorClock(), {} as ConsumerLagService);
  parkedDocuments();
  registerQueueGauges({} as DataSource, 'jobcenter');
  outboxCounters();
  registerOutboxGauges({} as DataSource);
  return new Set(
    metricsRegistry
      .getMetricsAsArray()
      .flatMap((metric) =>
        metric instanceof Histogram
          ? [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`]
          : [metric.name],
      ),
  );
}

describe('infra/grafana/hub-dashboard.json', () => {
  it('queries only metrics the services serve', () => {
    const served = servedMetrics();
    const queried = dashboard.panels
      .flatMap((panel) => panel.targets ?? [])
      .flatMap((target) => metricNames(target.expr));
    expect(queried.length).toBeGreaterThan(10);
    expect([...new Set(queried)].filter((name) => !served.has(name))).toEqual([]);
  });

  it('shows the delivery queues, parked documents and the mail outbox', () => {
    const queried = new Set(
      dashboard.panels.flatMap((panel) => panel.targets ?? []).flatMap((target) => metricNames(target.expr)),
    );
    for (const name of [
      'hub_delivery_queue_depth',
      'hub_delivery_queue_oldest_age_seconds',
      'hub_delivery_parked_total',
      'hub_notifier_outbox_depth',
      'hub_notifier_outbox_oldest_age_seconds',
    ]) {
      expect(queried).toContain(name);
    }
  });
});

describe('infra/grafana/alerts.yml', () => {
  const rules = alertRules.groups.flatMap((group) => group.rules);

  it('is referenced by the Prometheus configuration', () => {
    expect((parse(grafana('prometheus.yml')) as { rule_files?: string[] }).rule_files).toContain(
      'alerts.yml',
    );
  });

  it('gives every rule a name, an expression, a severity and a summary', () => {
    expect(rules.length).toBeGreaterThanOrEqual(5);
    for (const rule of rules) {
      expect({
        alert: rule.alert,
        named: /^Hub[A-Za-z]+$/.test(rule.alert ?? ''),
        expression: typeof rule.expr === 'string' && rule.expr.length > 0,
        severity: ['info', 'warning', 'critical'].includes(rule.labels?.severity ?? ''),
        summary: typeof rule.annotations?.summary === 'string',
      }).toEqual({ alert: rule.alert, named: true, expression: true, severity: true, summary: true });
    }
    expect(new Set(rules.map((rule) => rule.alert)).size).toBe(rules.length);
  });

  it('names in each expression only metrics the services export', () => {
    const served = servedMetrics();
    for (const rule of rules) {
      const names = metricNames(rule.expr ?? '');
      expect({ alert: rule.alert, names: names.length > 0 }).toEqual({ alert: rule.alert, names: true });
      expect({ alert: rule.alert, unknown: names.filter((name) => !served.has(name)) }).toEqual({
        alert: rule.alert,
        unknown: [],
      });
    }
  });

  it('alerts on the oldest pending delivery, parked documents, the outbox age, refused mails, consumer lag and records deleted unread', () => {
    const alerted = new Set(rules.flatMap((rule) => metricNames(rule.expr ?? '')));
    for (const name of [
      'hub_delivery_queue_oldest_age_seconds',
      'hub_delivery_parked_total',
      'hub_notifier_outbox_oldest_age_seconds',
      'hub_notifier_mails_refused_total',
      'hub_consumer_group_lag',
      'hub_consumer_offset_resets_total',
    ]) {
      expect(alerted).toContain(name);
    }
  });
});
