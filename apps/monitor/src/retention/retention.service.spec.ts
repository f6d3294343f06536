import type { DataSource } from 'typeorm';

import type { MonitorConfig } from '../monitor.config';
import { MonitorClock } from '../reference/monitor-clock';
import type { MonitorReference } from '../reference/monitor-reference';
import { RetentionJob, retentionCutoffs } from './retention.service';

describe(retentionCutoffs.name, () => {
  it("keeps each agreement's exchanges its own number of months, and the rest the default", () => {
    expect(
      retentionCutoffs(
        [
          { id: 'norddjurs-akasse-2024', retention: { exchangeLogMonths: 36 } },
          { id: 'short', retention: { exchangeLogMonths: 6 } },
        ],
        12,
        '2026-11-22',
      ),
    ).toEqual([
      { agreementId: 'norddjurs-akasse-2024', before: '2023-11-22' },
      { agreementId: 'short', before: '2026-05-22' },
      { agreementId: null, before: '2025-11-22' },
    ]);
  });

  it('clamps to the end of a shorter month', () => {
    expect(retentionCutoffs([], 1, '2025-03-31')).toEqual([{ agreementId: null, before: '2025-02-28' }]);
  });
});

describe(RetentionJob.name, () => {
  afterEach(() => jest.useRealTimers());

  it('runs its first round one interval after start, not before: a long interval means no early purge', async () => {
    jest.useFakeTimers();
    const queries: string[] = [];
    const dataSource = {
      manager: {
        query: async (sql: string): Promise<{ n: string }[]> => {
          queries.push(sql);
          return [{ n: '0' }];
        },
      },
    } as unknown as DataSource;
    const reference = { catalog: { agreements: [] } } as unknown as MonitorReference;
    const config = {
      MONITOR_RETENTION_INTERVAL_MS: 24 * 3_600_000,
      MONITOR_DEFAULT_RETENTION_MONTHS: 12,
    } as MonitorConfig;
    const job = new RetentionJob(dataSource, reference, new MonitorClock(), config);
    job.onApplicationBootstrap();
    try {
      await jest.advanceTimersByTimeAsync(23 * 3_600_000);
      expect(queries).toEqual([]);
      await jest.advanceTimersByTimeAsync(3_600_000);
      expect(queries.some((sql) => sql.includes('DELETE FROM exchange_log'))).toBe(true);
    } finally {
      await job.onModuleDestroy();
    }
  });
});
