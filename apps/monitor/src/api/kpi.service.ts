import { Injectable } from '@nestjs/common';
import { ExchangeLogRepository as ExchangeLog, KpiScopeFilter } from '@hub/persistence';
import { DataSource } from 'typeorm';

import { MonitorClock } from '../reference/monitor-clock';
import type { KpiDto, KpiPageDto, ThroughputDto } from './api.dto';
import type { Principal } from './api-keys';
import { num } from './sql';

export type KpiFilter = KpiScopeFilter;

/**
 * Key figures per agreement and month, as seed 004 asks ("rettidighed så tæt på 100 % som muligt",
 * followed monthly). Definitions (apps/monitor/README.md):
 * - the month of an exchange is that of its Danish exchange date (a rejection: the Danish date it
 *   was rejected); volumes count the month's exchanges under the agreement, routed or rejected;
 * - timeliness counts the deadlines the month's exchanges created (conditional ones left out): how
 *   many were answered, how many on or before the due date, their share, the median and 90th
 *   percentile of the response time in Danish working days (PostgreSQL's percentile_cont, i.e. linear
 *   interpolation), and how many are past due today and unanswered;
 * - rejections by reason code.
 * A partner's key counts only the exchanges it is a party to.
 */
@Injectable()
export class KpiService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: MonitorClock,
  ) {}

  async kpis(principal: Principal, filter: KpiFilter): Promise<KpiPageDto> {
    const today = this.clock.today();
    const db = this.dataSource.manager;
    const volumes = await ExchangeLog.volumes(db, principal, filter);
    const rejections = await ExchangeLog.rejections(db, principal, filter);
    const timeliness = await ExchangeLog.timeliness(db, principal, filter, today);

    const byKey = new Map<string, KpiDto>();
    const entry = (agreementId: string | null, month: string): KpiDto => {
      const key = `${agreementId ?? ''}|${month}`;
      let kpi = byKey.get(key);
      if (!kpi) {
        kpi = {
          agreementId,
          month,
          volumes: { exchanges: 0, routed: 0, rejected: 0, byKind: {} },
          timeliness: {
            expectations: 0,
            answered: 0,
            answeredOnTime: 0,
            shareAnsweredOnTime: null,
            medianResponseWorkingDays: null,
            p90ResponseWorkingDays: null,
            overdueNow: 0,
          },
          rejectionsByReason: {},
        };
        byKey.set(key, kpi);
      }
      return kpi;
    };
    for (const row of volumes) {
      const kpi = entry(row.agreement_id, row.month);
      kpi.volumes.exchanges += num(row.exchanges);
      kpi.volumes.routed += num(row.routed);
      kpi.volumes.rejected += num(row.rejected);
      const kind = row.kind ?? 'unreadable';
      kpi.volumes.byKind[kind] = (kpi.volumes.byKind[kind] ?? 0) + num(row.exchanges);
    }
    for (const row of rejections) {
      const kpi = entry(row.agreement_id, row.month);
      kpi.rejectionsByReason[row.reason_code ?? 'UNKNOWN'] = num(row.rejections);
    }
    for (const row of timeliness) {
      const kpi = entry(row.agreement_id, row.month);
      const expectations = num(row.expectations);
      const onTime = num(row.on_time);
      kpi.timeliness = {
        expectations,
        answered: num(row.answered),
        answeredOnTime: onTime,
        shareAnsweredOnTime: expectations === 0 ? null : onTime / expectations,
        medianResponseWorkingDays: row.median === null ? null : Number(row.median),
        p90ResponseWorkingDays: row.p90 === null ? null : Number(row.p90),
        overdueNow: num(row.overdue_now),
      };
    }
    const items = [...byKey.values()].sort(
      (a, b) => (a.agreementId ?? '~').localeCompare(b.agreementId ?? '~') || a.month.localeCompare(b.month),
    );
    return { asOf: today, items };
  }

  /** Routed, rejected and delivered exchanges per minute, the last `minutes` minutes (live view). */
  async throughput(principal: Principal, minutes: number): Promise<ThroughputDto> {
    const since = new Date(Math.floor(this.clock.now().getTime() / 60_000) * 60_000 - (minutes - 1) * 60_000);
    const rows = await ExchangeLog.throughput(this.dataSource.manager, principal, since);
    const points = Array.from({ length: minutes }, (_, index) => ({
      minute: new Date(since.getTime() + index * 60_000).toISOString(),
      routed: 0,
      rejected: 0,
      delivered: 0,
    }));
    for (const row of rows) {
      const index = Math.round((new Date(row.minute).getTime() - since.getTime()) / 60_000);
      const point = points[index];
      if (!point) continue;
      if (row.what === 'routed' || row.what === 'rejected' || row.what === 'delivered')
        point[row.what] += num(row.n);
    }
    return { points };
  }
}
