import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { MonitorClock } from '../reference/monitor-clock';
import type {
  ExchangeDetailDto,
  ExchangeDto,
  ExpectationDto,
  FindingDto,
  PartyDto,
  TimelineDto,
} from './api.dto';
import type { PartyKey, Principal } from './api-keys';
import { involves, iso, scopeOf, SqlParams } from './sql';

export interface ExchangeFilter {
  agreement?: string;
  party?: PartyKey;
  kind?: string;
  finding?: string;
  status?: string;
  pseudonym?: string;
  /** Danish exchange dates, inclusive. */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export interface ExpectationFilter {
  state?: 'open' | 'overdue' | 'answered';
  agreement?: string;
  responsible?: PartyKey;
  limit: number;
}

interface ExchangeRow {
  message_id: string;
  kind: string | null;
  channel: string;
  sender_kind: string;
  sender_id: string;
  receivers: PartyDto[];
  correlation_id: string | null;
  causation_id: string | null;
  agreement_id: string | null;
  clause_ref: string | null;
  status: string;
  verdict: string | null;
  findings: FindingDto[];
  reason_code: string | null;
  citizen_pseudonym: string | null;
  exchange_date: string | null;
  queued_at: Date | null;
  routed_at: Date | null;
  rejected_at: Date | null;
  delivered_at: Date | null;
  answered_at: Date | null;
  answered_on: string | null;
  answered_by: string | null;
  answered_kind: string | null;
}

interface ExpectationRow {
  expectation_id: string;
  kind: string;
  rule_code: string;
  trigger_message_id: string;
  trigger_kind: string;
  trigger_date: string;
  due_on: string;
  responsible_kind: string;
  responsible_id: string;
  agreement_id: string;
  clause_ref: string;
  expected_kinds: string[];
  conditional: boolean;
  fulfilled_by: string | null;
  fulfilled_kind: string | null;
  fulfilled_on: string | null;
  response_working_days: number | null;
  due_raised_at: Date | null;
  overdue_raised_at: Date | null;
}

const EXCHANGE_COLUMNS = `l.message_id, l.kind, l.channel, l.sender_kind, l.sender_id, l.receivers, l.correlation_id,
  l.causation_id, l.agreement_id, l.clause_ref, l.status, l.verdict, l.findings, l.reason_code, l.citizen_pseudonym,
  l.exchange_date::text AS exchange_date, l.queued_at, l.routed_at, l.rejected_at, l.delivered_at, l.answered_at,
  l.answered_on::text AS answered_on, l.answered_by, l.answered_kind`;

const EXPECTATION_COLUMNS = `e.expectation_id, e.kind, e.rule_code, e.trigger_message_id, e.trigger_kind,
  e.trigger_date::text AS trigger_date, e.due_on::text AS due_on, e.responsible_kind, e.responsible_id, e.agreement_id,
  e.clause_ref, e.expected_kinds, e.conditional, e.fulfilled_by, e.fulfilled_kind, e.fulfilled_on::text AS fulfilled_on,
  e.response_working_days, e.due_raised_at, e.overdue_raised_at`;

/** Reads the exchange log for the API, always within what the caller may see. */
@Injectable()
export class ExchangeQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: MonitorClock,
  ) {}

  async list(principal: Principal, filter: ExchangeFilter): Promise<ExchangeDto[]> {
    const sql = new SqlParams();
    const where = [scopeOf(sql, principal)];
    if (filter.agreement) where.push(`l.agreement_id = ${sql.p(filter.agreement)}`);
    if (filter.party) where.push(involves(sql, filter.party));
    if (filter.kind) where.push(`l.kind = ${sql.p(filter.kind)}`);
    if (filter.finding)
      where.push(`l.findings @> ${sql.p(JSON.stringify([{ code: filter.finding }]))}::jsonb`);
    if (filter.status) where.push(`l.status = ${sql.p(filter.status)}`);
    if (filter.pseudonym) where.push(`l.citizen_pseudonym = ${sql.p(filter.pseudonym)}`);
    if (filter.from) where.push(`l.exchange_date >= ${sql.p(filter.from)}::date`);
    if (filter.to) where.push(`l.exchange_date <= ${sql.p(filter.to)}::date`);
    const rows: ExchangeRow[] = await this.dataSource.query(
      `SELECT ${EXCHANGE_COLUMNS} FROM exchange_log l WHERE ${where.join(' AND ')}
        ORDER BY COALESCE(l.routed_at, l.rejected_at, l.updated_at) DESC, l.message_id
        LIMIT ${sql.p(filter.limit)} OFFSET ${sql.p(filter.offset)}`,
      sql.values,
    );
    return rows.map(toExchange);
  }

  /** One exchange, with what it made due; undefined when absent or not the caller's to see. */
  async one(principal: Principal, messageId: string): Promise<ExchangeDetailDto | undefined> {
    const sql = new SqlParams();
    const rows: ExchangeRow[] = await this.dataSource.query(
      `SELECT ${EXCHANGE_COLUMNS} FROM exchange_log l
        WHERE l.message_id = ${sql.p(messageId)} AND ${scopeOf(sql, principal)}`,
      sql.values,
    );
    if (rows.length === 0) return undefined;
    const expectations: ExpectationRow[] = await this.dataSource.query(
      `SELECT ${EXPECTATION_COLUMNS} FROM exchange_expectation e WHERE e.trigger_message_id = $1 ORDER BY e.due_on, e.kind`,
      [messageId],
    );
    const today = this.clock.today();
    return { ...toExchange(rows[0]), expectations: expectations.map((row) => toExpectation(row, today)) };
  }

  async timeline(principal: Principal, messageId: string): Promise<TimelineDto | undefined> {
    const exchange = await this.one(principal, messageId);
    if (!exchange) return undefined;
    const steps: { at: Date; step: string; detail: Record<string, unknown> }[] = await this.dataSource.query(
      'SELECT at, step, detail FROM exchange_timeline WHERE message_id = $1 ORDER BY at, step, event_id',
      [messageId],
    );
    const queued = exchange.receivedAt
      ? [
          {
            at: exchange.receivedAt,
            step: 'queued',
            detail: { sender: { kind: exchange.senderKind, id: exchange.senderId } },
          },
        ]
      : [];
    return {
      messageId,
      steps: [
        ...queued,
        ...steps.map((row) => ({ at: iso(row.at) ?? '', step: row.step, detail: row.detail })),
      ],
    };
  }

  /** Deadlines, by state: the dashboard's overdue list, a partner's own open deadlines. */
  async expectations(principal: Principal, filter: ExpectationFilter): Promise<ExpectationDto[]> {
    const sql = new SqlParams();
    const today = this.clock.today();
    const where = [scopeOf(sql, principal)];
    if (filter.agreement) where.push(`e.agreement_id = ${sql.p(filter.agreement)}`);
    if (filter.responsible) {
      where.push(
        `e.responsible_kind = ${sql.p(filter.responsible.kind)} AND e.responsible_id = ${sql.p(filter.responsible.id)}`,
      );
    }
    if (filter.state === 'overdue') {
      where.push(`e.fulfilled_by IS NULL AND NOT e.conditional AND e.due_on < ${sql.p(today)}::date`);
    } else if (filter.state === 'open') {
      where.push(`e.fulfilled_by IS NULL AND e.due_on >= ${sql.p(today)}::date`);
    } else if (filter.state === 'answered') {
      where.push('e.fulfilled_by IS NOT NULL');
    }
    const rows: ExpectationRow[] = await this.dataSource.query(
      `SELECT ${EXPECTATION_COLUMNS} FROM exchange_expectation e
         JOIN exchange_log l ON l.message_id = e.trigger_message_id
        WHERE ${where.join(' AND ')}
        ORDER BY e.due_on, e.trigger_message_id, e.kind
        LIMIT ${sql.p(filter.limit)}`,
      sql.values,
    );
    return rows.map((row) => toExpectation(row, today));
  }
}

function toExchange(row: ExchangeRow): ExchangeDto {
  return {
    messageId: row.message_id,
    kind: row.kind,
    channel: row.channel,
    senderKind: row.sender_kind,
    senderId: row.sender_id,
    receivers: row.receivers,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    agreementId: row.agreement_id,
    clauseRef: row.clause_ref,
    status: row.status,
    verdict: row.verdict,
    findings: row.findings,
    reasonCode: row.reason_code,
    citizenPseudonym: row.citizen_pseudonym,
    exchangeDate: row.exchange_date,
    receivedAt: iso(row.queued_at),
    routedAt: iso(row.routed_at),
    rejectedAt: iso(row.rejected_at),
    deliveredAt: iso(row.delivered_at),
    answeredAt: iso(row.answered_at),
    answeredOn: row.answered_on,
    answeredBy: row.answered_by,
    answeredKind: row.answered_kind,
  };
}

/** open → overdue once past due (never for a conditional one); answered → on time or late. */
export function expectationState(
  row: Pick<ExpectationRow, 'due_on' | 'fulfilled_on' | 'conditional'>,
  today: string,
): 'open' | 'overdue' | 'on_time' | 'late' {
  if (row.fulfilled_on !== null) return row.fulfilled_on <= row.due_on ? 'on_time' : 'late';
  return !row.conditional && today > row.due_on ? 'overdue' : 'open';
}

function toExpectation(row: ExpectationRow, today: string): ExpectationDto {
  return {
    expectationId: row.expectation_id,
    kind: row.kind,
    ruleCode: row.rule_code,
    triggerMessageId: row.trigger_message_id,
    triggerKind: row.trigger_kind,
    triggerDate: row.trigger_date,
    dueOn: row.due_on,
    responsible: { kind: row.responsible_kind, id: row.responsible_id },
    agreementId: row.agreement_id,
    clauseRef: row.clause_ref,
    expectedMessageKinds: row.expected_kinds,
    conditional: row.conditional,
    state: expectationState(row, today),
    fulfilledBy: row.fulfilled_by,
    fulfilledKind: row.fulfilled_kind,
    fulfilledOn: row.fulfilled_on,
    responseWorkingDays: row.response_working_days,
    dueRaisedAt: iso(row.due_raised_at),
    overdueRaisedAt: iso(row.overdue_raised_at),
  };
}
