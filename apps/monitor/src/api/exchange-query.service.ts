import { Injectable } from '@nestjs/common';
import {
  ExchangeListFilter,
  ExchangeLogRepository as ExchangeLog,
  ExpectationListFilter,
  LoggedExchange,
  LoggedExpectation,
} from '@hub/persistence';
import { DataSource } from 'typeorm';

import { MonitorClock } from '../reference/monitor-clock';
import type { ExchangeDetailDto, ExchangeDto, ExpectationDto, TimelineDto } from './api.dto';
import type { Principal } from './api-keys';
import { iso } from './sql';

export type ExchangeFilter = ExchangeListFilter;
export type ExpectationFilter = ExpectationListFilter;

/** Reads the exchange log for the API, always within what the caller may see. */
@Injectable()
export class ExchangeQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: MonitorClock,
  ) {}

  async list(principal: Principal, filter: ExchangeFilter): Promise<ExchangeDto[]> {
    const rows = await ExchangeLog.list(this.dataSource.manager, principal, filter);
    return rows.map(toExchange);
  }

  /** One exchange, with what it made due; undefined when absent or not the caller's to see. */
  async one(principal: Principal, messageId: string): Promise<ExchangeDetailDto | undefined> {
    const row = await ExchangeLog.one(this.dataSource.manager, principal, messageId);
    if (!row) return undefined;
    const expectations = await ExchangeLog.expectationsOf(this.dataSource.manager, messageId);
    const today = this.clock.today();
    return {
      ...toExchange(row),
      expectations: expectations.map((expectation) => toExpectation(expectation, today)),
    };
  }

  async timeline(principal: Principal, messageId: string): Promise<TimelineDto | undefined> {
    const exchange = await this.one(principal, messageId);
    if (!exchange) return undefined;
    const steps = await ExchangeLog.steps(this.dataSource.manager, messageId);
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
    const today = this.clock.today();
    const rows = await ExchangeLog.expectations(this.dataSource.manager, principal, filter, today);
    return rows.map((row) => toExpectation(row, today));
  }
}

function toExchange(row: LoggedExchange): ExchangeDto {
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
  row: Pick<LoggedExpectation, 'due_on' | 'fulfilled_on' | 'conditional'>,
  today: string,
): 'open' | 'overdue' | 'on_time' | 'late' {
  if (row.fulfilled_on !== null) return row.fulfilled_on <= row.due_on ? 'on_time' : 'late';
  return !row.conditional && today > row.due_on ? 'overdue' : 'open';
}

function toExpectation(row: LoggedExpectation, today: string): ExpectationDto {
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
