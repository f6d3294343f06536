import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { MonitorClock } from '../reference/monitor-clock';
import type { KpiDto, KpiPageDto, ThroughputDto } from './api.dto';
import type { Principal } from './api-keys';
import { num, scopeOf, SqlParams } from './sql';

export interface KpiFilter {
  agreement?: string;
  /** Months `YYYY-MM`, inclusive. */
  from?: string;
  to?: string;
}

interface VolumeRow {
  agreement_id: string | null;
  month: string;
  kind: string | null;
  exchanges: string;
  routed: string;
  rejected: string;
}

interface RejectionRow {
  agreement_id: string | null;
  month: string;
  reason_code: string | null;
  rejections: string;
}

interface TimelinessRow {
  agreement_id: string;
  month: string;
  expectations: string;
  answered: string;
  on_time: string;
  median: number | null;
  p90: number | null;
  overdue_now: string;
}

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
    const volumes = await this.query<VolumeRow>(
      principal,
      filter,
      'l.agreement_id',
      "to_char(l.exchange_date, 'YYYY-MM')",
      (where) => `SELECT l.agreement_id, to_char(l.exchange_date, 'YYYY-MM') AS month, l.kind,
                         count(*) AS exchanges,
                         count(*) FILTER (WHERE l.routed_at IS NOT NULL) AS routed,
                         count(*) FILTER (WHERE l.status = 'rejected') AS rejected
                    FROM exchange_log l WHERE l.exchange_date IS NOT NULL AND ${where}
                   GROUP BY 1, 2, 3`,
    );
    const rejections = await this.query<RejectionRow>(
      principal,
      filter,
      'l.agreement_id',
      "to_char(l.exchange_date, 'YYYY-MM')",
      (where) => `SELECT l.agreement_id, to_char(l.exchange_date, 'YYYY-MM') AS month, l.reason_code,
                         count(*) AS rejections
                    FROM exchange_log l WHERE l.status = 'rejected' AND l.exchange_date IS NOT NULL AND ${where}
                   GROUP BY 1, 2, 3`,
    );
    const timeliness = await this.query<TimelinessRow>(
      principal,
      filter,
      'e.agreement_id',
      "to_char(e.trigger_date, 'YYYY-MM')",
      (where, sql) => `SELECT e.agreement_id, to_char(e.trigger_date, 'YYYY-MM') AS month,
                         count(*) AS expectations,
                         count(e.fulfilled_by) AS answered,
                         count(*) FILTER (WHERE e.fulfilled_on <= e.due_on) AS on_time,
                         percentile_cont(0.5) WITHIN GROUP (ORDER BY e.response_working_days) AS median,
                         percentile_cont(0.9) WITHIN GROUP (ORDER BY e.response_working_days) AS p90,
                         count(*) FILTER (WHERE e.fulfilled_by IS NULL AND e.due_on < ${sql.p(today)}::date) AS overdue_now
                    FROM exchange_expectation e JOIN exchange_log l ON l.message_id = e.trigger_message_id
                   WHERE NOT e.conditional AND ${where}
                   GROUP BY 1, 2`,
    );

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
    const sql = new SqlParams();
    const since = new Date(Math.floor(this.clock.now().getTime() / 60_000) * 60_000 - (minutes - 1) * 60_000);
    const scope = scopeOf(sql, principal);
    const from = sql.p(since);
    const rows: { minute: Date; what: string; n: string }[] = await this.dataSource.query(
      `SELECT date_trunc('minute', t.at) AS minute, t.what, count(*) AS n FROM (
         SELECT l.routed_at AS at, 'routed' AS what FROM exchange_log l WHERE l.routed_at >= ${from} AND ${scope}
         UNION ALL
         SELECT l.rejected_at, 'rejected' FROM exchange_log l WHERE l.rejected_at >= ${from} AND ${scope}
         UNION ALL
         SELECT l.delivered_at, 'delivered' FROM exchange_log l WHERE l.delivered_at >= ${from} AND ${scope}
       ) t GROUP BY 1, 2`,
      sql.values,
    );
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

  /** Runs a grouped query with the caller's scope and the agreement/month filters added. */
  private async query<Row>(
    principal: Principal,
    filter: KpiFilter,
    agreementColumn: string,
    monthExpression: string,
    build: (where: string, sql: SqlParams) => string,
  ): Promise<Row[]> {
    const sql = new SqlParams();
    const where = [scopeOf(sql, principal)];
    if (filter.agreement) where.push(`${agreementColumn} = ${sql.p(filter.agreement)}`);
    if (filter.from) where.push(`${monthExpression} >= ${sql.p(filter.from)}`);
    if (filter.to) where.push(`${monthExpression} <= ${sql.p(filter.to)}`);
    const text = build(where.join(' AND '), sql);
    return this.dataSource.query(text, sql.values);
  }
}
