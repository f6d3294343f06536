import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { hubMetrics, metricsRegistry, startServiceMetrics } from '@hub/observability';
import { Histogram } from 'prom-client';
import type { DataSource } from 'typeorm';

import type { ConsumerLagService } from './lag/consumer-lag.service';
import { MonitorMetrics } from './monitor.metrics';
import { MonitorClock } from './reference/monitor-clock';

interface Panel {
  title: string;
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(
  readFileSync(join(__dirname, '../../../infra/grafana/hub-dashboard.json'), 'utf8'),
) as { panels: Panel[] };

describe('infra/grafana/hub-dashboard.json', () => {
  it('queries only metrics the services serve', () => {
    startServiceMetrics('monitor');
    hubMetrics();
    new MonitorMetrics({} as DataSource, new MonitorClock(), {} as ConsumerLagService);
    // The metric objects, not their values: collecting would query the database.
    const served = new Set(
      metricsRegistry
        .getMetricsAsArray()
        .flatMap((metric) =>
          metric instanceof Histogram
            ? [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`]
            : [metric.name],
        ),
    );
    const queried = dashboard.panels
      .flatMap((panel) => panel.targets ?? [])
      .flatMap((target) => target.expr.match(/\bhub_[a-z0-9_]+/g) ?? []);
    expect(queried.length).toBeGreaterThan(10);
    expect([...new Set(queried)].filter((name) => !served.has(name))).toEqual([]);
  });
});
