import { Controller, Logger } from '@nestjs/common';
import { deterministicUuid } from '@hub/common';
import {
  DeadlineDue,
  DeadlineOverdue,
  DeliveryFailed,
  DeliverySucceeded,
  ExchangeRejected,
  ExchangeRouted,
  NotificationSent,
} from '@hub/contracts';
import { targetRuleCode } from '@hub/agreements';
import { ChunkEntry, HandlerResult, HandlesChunk } from '@hub/kafka';
import { metricLabel } from '@hub/observability';
import { classifyDatabaseError } from '@hub/persistence';
import { DataSource, EntityManager } from 'typeorm';

import { expectationIdOf } from '../deadlines/deadline-rules';
import { MonitorMetrics } from '../monitor.metrics';
import { danishDate, MonitorReference } from '../reference/monitor-reference';
import { isUuid, lockKeys, PossibleAnswer, refreshAnswered, refreshFulfilment } from './answer-linking';

/** The event kinds the monitor consumes; start-up fails if one has no handler. */
export const PROJECTED_EVENT_KINDS = [
  'events.ExchangeRouted',
  'events.ExchangeRejected',
  'events.DeliverySucceeded',
  'events.DeliveryFailed',
  'events.NotificationSent',
  'events.DeadlineDue',
  'events.DeadlineOverdue',
] as const;

export type ProjectedEventKind = (typeof PROJECTED_EVENT_KINDS)[number];

/** What each kind of event is, decoded. */
interface ProjectedEvents {
  'events.ExchangeRouted': ExchangeRouted;
  'events.ExchangeRejected': ExchangeRejected;
  'events.DeliverySucceeded': DeliverySucceeded;
  'events.DeliveryFailed': DeliveryFailed;
  'events.NotificationSent': NotificationSent;
  'events.DeadlineDue': DeadlineDue;
  'events.DeadlineOverdue': DeadlineOverdue;
}

type ProjectedEvent = {
  [K in ProjectedEventKind]: { kind: K; value: ProjectedEvents[K] };
}[ProjectedEventKind];

/** The outcome each kind counts when it is applied now (an event seen before counts `duplicate`). */
const OUTCOMES: Record<ProjectedEventKind, string> = {
  'events.ExchangeRouted': 'routed',
  'events.ExchangeRejected': 'rejected',
  'events.DeliverySucceeded': 'delivered',
  'events.DeliveryFailed': 'delivery_failed',
  'events.NotificationSent': 'notification_recorded',
  'events.DeadlineDue': 'deadline_due_recorded',
  'events.DeadlineOverdue': 'deadline_overdue_recorded',
};
const PROJECTED = new Set<string>(PROJECTED_EVENT_KINDS);

const NOTHING: HandlerResult['records'] = [];
const DUPLICATE: HandlerResult = { outcome: 'duplicate', records: NOTHING };

/** A row for exchange_log from a routed or rejected event (columns of jsonb_to_recordset below). */
interface ExchangeRow {
  message_id: string;
  kind: string | null;
  channel: string;
  sender_kind: string;
  sender_id: string;
  receivers: unknown;
  correlation_id: string | null;
  agreement_id: string | null;
  clause_ref: string | null;
  status: 'routed' | 'rejected';
  verdict: string;
  reason_code: string | null;
  findings: unknown;
  citizen_pseudonym: string | null;
  exchange_date: string;
  queued_at: string | null;
  routed_at: string | null;
  rejected_at: string | null;
  causation_id: string | null;
}

/** One step of an exchange's timeline; parties, codes and mailboxes only, never a pseudonym. */
interface StepRow {
  event_id: string;
  message_id: string;
  step: string;
  at: string;
  detail: Record<string, unknown>;
}

/** Everything a chunk's newly applied events write, gathered so each table gets one statement. */
class ChunkPlan {
  /** exchange_log upserts, in chunk order (routed and rejected events). */
  readonly exchanges: ExchangeRow[] = [];
  /** Delivery receipts and failures, per message. */
  readonly deliveries: { message_id: string; delivered_at: string | null; failed: boolean }[] = [];
  readonly expectations: Record<string, unknown>[] = [];
  readonly createdExpectations: string[] = [];
  /** Deadline events in chunk order (`ordinal`): the last one's id is kept, as applying them one by one did. */
  readonly deadlines: {
    ordinal: number;
    step: 'due' | 'overdue';
    event_id: string;
    trigger_message_id: string;
    rule_code: string;
    at: string;
  }[] = [];
  readonly steps: StepRow[] = [];
  readonly possibleAnswers: PossibleAnswer[] = [];
  /** Messages whose answered_* link may have changed: each routed message, and what it answers. */
  readonly answerTargets: string[] = [];
  /** Keys two transactions applying linked exchanges share (see answer-linking.ts). */
  readonly lockKeys: string[] = [];
}

/**
 * Builds the exchange log from the hub's events, a chunk at a time. A chunk's events are applied in
 * one database transaction together with their event ids, so a redelivered or replayed event (also a
 * second copy within the chunk) is recognised and changes nothing; links between exchanges (answers,
 * fulfilled deadlines) are recomputed from the rows present, so replaying all events into an empty
 * log gives the same rows whatever order the partitions arrive in and however they are cut into
 * chunks.
 *
 * Each table gets one statement for the whole chunk (multi-row `jsonb_to_recordset` / `unnest`),
 * in the order of an exchange's life: the exchange rows (routed, rejected), then what happened to
 * them (delivery receipts, deadline events, timeline steps), then the links. A message's events come
 * in order on one partition, so applying them in these phases gives what applying them one by one
 * in consumed order gave. The one exception to "one statement": PostgreSQL cannot upsert one row
 * twice in a statement, so when a chunk holds two routed/rejected events for one message id (a
 * message sent again), the exchange_log upsert runs once per such repetition, in chunk order.
 */
@Controller()
export class ExchangeLogProjection {
  private readonly log = new Logger(ExchangeLogProjection.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: MonitorReference,
    private readonly metrics: MonitorMetrics,
  ) {}

  @HandlesChunk(PROJECTED_EVENT_KINDS)
  async project(entries: readonly ChunkEntry[]): Promise<HandlerResult[]> {
    const events = entries.map(projectedEvent);
    // The first copy of an event id in the chunk is the one that may apply; later copies are duplicates.
    const firstCopy = new Map<string, number>();
    events.forEach((event, index) => {
      if (!firstCopy.has(event.value.eventId)) firstCopy.set(event.value.eventId, index);
    });
    const candidates = events.filter((event, index) => firstCopy.get(event.value.eventId) === index);
    if (candidates.length === 0) return [];

    let applied: ProjectedEvent[];
    let routedAtOf: Map<string, Date>;
    try {
      ({ applied, routedAtOf } = await this.dataSource.transaction((db) => this.apply(db, candidates)));
    } catch (error) {
      const classified = classifyDatabaseError(error, `applying ${entries.length} events`);
      this.log.warn({ msg: 'could not apply events', events: entries.length, error: classified.message });
      throw classified;
    }
    for (const event of applied) this.count(event, routedAtOf);
    const appliedIds = new Set(applied.map((event) => event.value.eventId));
    return events.map((event, index) =>
      firstCopy.get(event.value.eventId) === index && appliedIds.has(event.value.eventId)
        ? { outcome: OUTCOMES[event.kind], records: NOTHING }
        : DUPLICATE,
    );
  }

  /** Applies the events not applied before; returns them (in chunk order) and the routed time of delivered messages. */
  private async apply(
    db: EntityManager,
    candidates: readonly ProjectedEvent[],
  ): Promise<{ applied: ProjectedEvent[]; routedAtOf: Map<string, Date> }> {
    // The locks come before any write, so two chunks holding linked exchanges queue instead of
    // deadlocking. Keys of events that turn out to be duplicates are locked too: harmless.
    const plan = new ChunkPlan();
    for (const event of candidates)
      if (event.kind === 'events.ExchangeRouted') addLockKeys(plan, event.value);
    await lockKeys(db, plan.lockKeys);

    const inserted: { event_id: string }[] = await db.query(
      `INSERT INTO applied_event (event_id) SELECT unnest($1::uuid[])
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [candidates.map((event) => event.value.eventId)],
    );
    const fresh = new Set(inserted.map((row) => row.event_id));
    const applied = candidates.filter((event) => fresh.has(event.value.eventId));
    applied.forEach((event, ordinal) => this.plan(plan, event, ordinal));

    await upsertExchanges(db, plan.exchanges);
    const routedAtOf = await recordDeliveries(db, plan.deliveries);
    await insertExpectations(db, plan.expectations);
    await recordDeadlineEvents(db, plan.deadlines);
    await insertSteps(db, plan.steps);
    // As a trigger: who answered it; as an answer: the message it answers, and every deadline it may meet.
    await refreshAnswered(db, plan.answerTargets);
    await refreshFulfilment(db, plan.createdExpectations, plan.possibleAnswers, this.reference.calendar);
    return { applied, routedAtOf };
  }

  private plan(plan: ChunkPlan, event: ProjectedEvent, ordinal: number): void {
    switch (event.kind) {
      case 'events.ExchangeRouted':
        return planRouted(plan, event.value);
      case 'events.ExchangeRejected':
        return planRejected(plan, event.value);
      case 'events.DeliverySucceeded': {
        const receipt = event.value;
        if (!isUuid(receipt.messageId)) return; // A receipt for an unreadable message.
        plan.deliveries.push({
          message_id: receipt.messageId,
          delivered_at: receipt.deliveredAt,
          failed: false,
        });
        addStep(plan, receipt.eventId, receipt.messageId, 'delivered', receipt.deliveredAt, {
          receiver: receipt.receiver,
          attempts: receipt.attempts,
        });
        return;
      }
      case 'events.DeliveryFailed': {
        const failure = event.value;
        if (!isUuid(failure.messageId)) return;
        plan.deliveries.push({ message_id: failure.messageId, delivered_at: null, failed: true });
        // The partner's reason text stays out: it is the partner's, and may say anything.
        addStep(plan, failure.eventId, failure.messageId, 'delivery_failed', failure.failedAt, {
          receiver: failure.receiver,
          attempts: failure.attempts,
          permanent: failure.permanent,
          httpStatus: failure.httpStatus,
        });
        return;
      }
      case 'events.NotificationSent': {
        const mail = event.value;
        for (const messageId of mail.messageIds.filter(isUuid)) {
          addStep(
            plan,
            deterministicUuid('notified', mail.eventId, messageId),
            messageId,
            'notified',
            mail.sentAt,
            {
              mailbox: mail.mailbox,
              mailId: mail.mailId,
            },
          );
        }
        return;
      }
      // The watch marks a deadline raised when it sends the event; applying the event (also on a
      // replay) keeps the earliest time, so a deadline raised twice (a crash, a replay) settles on one value.
      case 'events.DeadlineDue':
        return planDeadline(plan, event.value, 'due', event.value.raisedAt, ordinal);
      case 'events.DeadlineOverdue':
        return planDeadline(plan, event.value, 'overdue', event.value.detectedAt, ordinal);
    }
  }

  /** The monitor's own figures, counted once per event applied now (never for a duplicate). */
  private count(event: ProjectedEvent, routedAtOf: ReadonlyMap<string, Date>): void {
    switch (event.kind) {
      case 'events.DeliverySucceeded': {
        const receipt = event.value;
        const receiverKind = metricLabel(receipt.receiver.kind);
        this.metrics.deliveryRetries.inc({ receiver_kind: receiverKind }, Math.max(0, receipt.attempts - 1));
        const routedAt = routedAtOf.get(receipt.messageId);
        if (routedAt) {
          const seconds = (new Date(receipt.deliveredAt).getTime() - routedAt.getTime()) / 1000;
          if (seconds >= 0) this.metrics.deliveryLatency.observe({ receiver_kind: receiverKind }, seconds);
        }
        return;
      }
      case 'events.DeliveryFailed':
        this.metrics.deliveryRetries.inc(
          { receiver_kind: metricLabel(event.value.receiver.kind) },
          Math.max(0, event.value.attempts - 1),
        );
        return;
      case 'events.NotificationSent':
        this.metrics.mailsSent.inc();
        return;
      case 'events.ExchangeRouted':
      case 'events.ExchangeRejected':
      case 'events.DeadlineDue':
      case 'events.DeadlineOverdue':
        return; // The deadline watch counts deadline events when it raises them.
    }
  }
}

/** The decoded event of an entry; a kind the projection does not know is a permanent error (its record alone). */
function projectedEvent(entry: ChunkEntry): ProjectedEvent {
  if (!PROJECTED.has(entry.pattern)) {
    throw new Error(`the exchange log does not project ${entry.pattern}`);
  }
  return { kind: entry.pattern, value: entry.data } as ProjectedEvent;
}

function addLockKeys(plan: ChunkPlan, event: ExchangeRouted): void {
  const causationId = isUuid(event.causationId) ? event.causationId : null;
  for (const key of [event.messageId, causationId, event.citizenPseudonym]) if (key) plan.lockKeys.push(key);
}

function addStep(
  plan: ChunkPlan,
  eventId: string,
  messageId: string,
  step: string,
  at: string,
  detail: Record<string, unknown>,
): void {
  plan.steps.push({ event_id: eventId, message_id: messageId, step, at, detail });
}

function planRouted(plan: ChunkPlan, event: ExchangeRouted): void {
  const causationId = isUuid(event.causationId) ? event.causationId : null;
  plan.exchanges.push({
    message_id: event.messageId,
    kind: event.kind,
    channel: event.channel,
    sender_kind: event.sender.kind,
    sender_id: event.sender.id,
    receivers: event.receivers,
    correlation_id: event.correlationId,
    agreement_id: event.agreementId,
    clause_ref: event.clauseRef,
    status: 'routed',
    verdict: event.verdict,
    reason_code: null,
    findings: event.findings,
    citizen_pseudonym: event.citizenPseudonym,
    exchange_date: event.exchangeDate,
    queued_at: event.queuedAt,
    routed_at: event.routedAt,
    rejected_at: null,
    causation_id: causationId,
  });
  addStep(plan, event.eventId, event.messageId, 'routed', event.routedAt, {
    verdict: event.verdict,
    receivers: event.receivers,
    findings: event.findings.map((finding) => finding.code),
    answers: causationId,
  });

  // What this exchange makes due, and (below, for the whole chunk) whether something already in the
  // log fulfils it.
  for (const expectation of event.expectations) {
    const expectationId = expectationIdOf(event.messageId, expectation.kind);
    plan.createdExpectations.push(expectationId);
    plan.expectations.push({
      expectation_id: expectationId,
      trigger_message_id: event.messageId,
      trigger_kind: event.kind,
      trigger_date: event.exchangeDate,
      kind: expectation.kind,
      rule_code: targetRuleCode(expectation.kind),
      due_on: expectation.dueOn,
      responsible_kind: expectation.responsible.kind,
      responsible_id: expectation.responsible.id,
      agreement_id: expectation.agreementId,
      clause_ref: expectation.clauseRef,
      expected_kinds: expectation.expectedMessageKinds,
      conditional: expectation.conditional,
      citizen_pseudonym: event.citizenPseudonym,
      correlation_id: event.correlationId,
    });
  }
  plan.answerTargets.push(event.messageId);
  plan.possibleAnswers.push({
    kind: event.kind,
    answers: causationId,
    citizenPseudonym: event.citizenPseudonym,
    senderKind: event.sender.kind,
    senderId: event.sender.id,
  });
  if (causationId) {
    plan.answerTargets.push(causationId);
    addStep(plan, deterministicUuid('answered', event.eventId), causationId, 'answered', event.routedAt, {
      by: event.messageId,
      kind: event.kind,
      sender: event.sender,
    });
  }
}

function planRejected(plan: ChunkPlan, event: ExchangeRejected): void {
  // A message that could not even be read has no id of its own: the event id stands in.
  const messageId = isUuid(event.messageId) ? event.messageId : event.eventId;
  // The message's own date when the router could read it (version 2 of the event), so a rejection
  // counts in the month it was sent, as a routed exchange would; the rejection day only without one.
  const exchangeDate = event.exchangeDate ?? danishDate(new Date(event.rejectedAt));
  plan.exchanges.push({
    message_id: messageId,
    kind: event.kind,
    channel: event.channel,
    sender_kind: event.sender.kind,
    sender_id: event.sender.id,
    receivers: event.receivers,
    correlation_id: null,
    agreement_id: event.agreementId,
    clause_ref: null,
    status: 'rejected',
    verdict: 'reject',
    reason_code: event.reasonCode,
    findings: event.findings,
    citizen_pseudonym: event.citizenPseudonym,
    exchange_date: exchangeDate,
    queued_at: null,
    routed_at: null,
    rejected_at: event.rejectedAt,
    causation_id: null,
  });
  addStep(plan, event.eventId, messageId, 'rejected', event.rejectedAt, {
    reasonCode: event.reasonCode,
    findings: event.findings.map((finding) => finding.code),
  });
}

function planDeadline(
  plan: ChunkPlan,
  event: DeadlineDue | DeadlineOverdue,
  step: 'due' | 'overdue',
  at: string,
  ordinal: number,
): void {
  if (!isUuid(event.triggerMessageId)) return;
  plan.deadlines.push({
    ordinal,
    step,
    event_id: event.eventId,
    trigger_message_id: event.triggerMessageId,
    rule_code: event.ruleCode,
    at,
  });
  addStep(plan, event.eventId, event.triggerMessageId, `deadline_${step}`, at, {
    ruleCode: event.ruleCode,
    dueAt: event.dueAt,
    responsible: event.responsible,
  });
}

/**
 * exchange_log rows of routed and rejected events. A routed event fills in (or corrects) everything
 * the routing decided and turns a rejected row routed (the message was sent again and went through);
 * a rejected event on an existing row only records the rejection. Rounds: see the class comment.
 */
async function upsertExchanges(db: EntityManager, rows: readonly ExchangeRow[]): Promise<void> {
  const rounds: ExchangeRow[][] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const round = seen.get(row.message_id) ?? 0;
    seen.set(row.message_id, round + 1);
    (rounds[round] ??= []).push(row);
  }
  for (const round of rounds) {
    await db.query(
      `INSERT INTO exchange_log AS l (message_id, kind, channel, sender_kind, sender_id, receivers, correlation_id,
         agreement_id, clause_ref, status, verdict, reason_code, findings, citizen_pseudonym, exchange_date, queued_at,
         routed_at, rejected_at, causation_id)
       SELECT r.message_id, r.kind, r.channel, r.sender_kind, r.sender_id, r.receivers, r.correlation_id, r.agreement_id,
              r.clause_ref, r.status, r.verdict, r.reason_code, r.findings, r.citizen_pseudonym, r.exchange_date,
              r.queued_at, r.routed_at, r.rejected_at, r.causation_id
         FROM jsonb_to_recordset($1::jsonb) AS r(message_id uuid, kind text, channel text, sender_kind text,
              sender_id text, receivers jsonb, correlation_id text, agreement_id text, clause_ref text, status text,
              verdict text, reason_code text, findings jsonb, citizen_pseudonym text, exchange_date date,
              queued_at timestamptz, routed_at timestamptz, rejected_at timestamptz, causation_id text)
       ON CONFLICT (message_id) DO UPDATE SET
         kind = CASE WHEN EXCLUDED.status = 'routed' THEN EXCLUDED.kind ELSE l.kind END,
         receivers = CASE WHEN EXCLUDED.status = 'routed' THEN EXCLUDED.receivers ELSE l.receivers END,
         agreement_id = CASE WHEN EXCLUDED.status = 'routed' THEN EXCLUDED.agreement_id ELSE l.agreement_id END,
         clause_ref = CASE WHEN EXCLUDED.status = 'routed' THEN EXCLUDED.clause_ref ELSE l.clause_ref END,
         verdict = CASE WHEN EXCLUDED.status = 'routed' THEN EXCLUDED.verdict ELSE l.verdict END,
         findings = CASE WHEN EXCLUDED.status = 'routed' THEN EXCLUDED.findings ELSE l.findings END,
         citizen_pseudonym = CASE WHEN EXCLUDED.status = 'routed' THEN EXCLUDED.citizen_pseudonym
                                  ELSE l.citizen_pseudonym END,
         exchange_date = CASE WHEN EXCLUDED.status = 'routed' THEN EXCLUDED.exchange_date
                              ELSE COALESCE(l.exchange_date, EXCLUDED.exchange_date) END,
         queued_at = CASE WHEN EXCLUDED.status = 'routed' THEN EXCLUDED.queued_at ELSE l.queued_at END,
         routed_at = CASE WHEN EXCLUDED.status = 'routed' THEN EXCLUDED.routed_at ELSE l.routed_at END,
         causation_id = CASE WHEN EXCLUDED.status = 'routed' THEN EXCLUDED.causation_id ELSE l.causation_id END,
         rejected_at = CASE WHEN EXCLUDED.status = 'rejected' THEN EXCLUDED.rejected_at ELSE l.rejected_at END,
         reason_code = CASE WHEN EXCLUDED.status = 'rejected' THEN EXCLUDED.reason_code ELSE l.reason_code END,
         status = CASE WHEN EXCLUDED.status = 'routed' AND l.status = 'rejected' THEN 'routed' ELSE l.status END,
         updated_at = now()`,
      [JSON.stringify(round)],
    );
  }
}

/**
 * Delivery receipts and failures, summed up per message first (a message to two receivers gets two
 * receipts, and one statement may change a row only once): the earliest delivery is kept, a routed
 * exchange becomes delivered, and any failure makes it delivery_failed - as applying them one by one
 * did, in either order. Returns when each delivered message was routed (for the latency metric).
 */
async function recordDeliveries(
  db: EntityManager,
  deliveries: ChunkPlan['deliveries'],
): Promise<Map<string, Date>> {
  const routedAtOf = new Map<string, Date>();
  if (deliveries.length === 0) return routedAtOf;
  const [rows]: [{ message_id: string; routed_at: Date | null }[], number] = await db.query(
    `UPDATE exchange_log l
        SET delivered_at = CASE WHEN d.first_delivered_at IS NULL THEN l.delivered_at
                                ELSE LEAST(COALESCE(l.delivered_at, d.first_delivered_at), d.first_delivered_at) END,
            status = CASE WHEN d.failed THEN 'delivery_failed'
                          WHEN d.first_delivered_at IS NOT NULL AND l.status = 'routed' THEN 'delivered'
                          ELSE l.status END,
            reason_code = CASE WHEN d.failed THEN 'PARTNER_REFUSED' ELSE l.reason_code END,
            updated_at = now()
       FROM (SELECT r.message_id, min(r.delivered_at) AS first_delivered_at, bool_or(r.failed) AS failed
               FROM jsonb_to_recordset($1::jsonb) AS r(message_id uuid, delivered_at timestamptz, failed boolean)
              GROUP BY r.message_id) d
      WHERE l.message_id = d.message_id
      RETURNING l.message_id, l.routed_at`,
    [JSON.stringify(deliveries)],
  );
  for (const row of rows) if (row.routed_at) routedAtOf.set(row.message_id, row.routed_at);
  return routedAtOf;
}

async function insertExpectations(db: EntityManager, rows: ChunkPlan['expectations']): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO exchange_expectation (expectation_id, trigger_message_id, trigger_kind, trigger_date, kind,
       rule_code, due_on, responsible_kind, responsible_id, agreement_id, clause_ref, expected_kinds, conditional,
       citizen_pseudonym, correlation_id)
     SELECT e.expectation_id, e.trigger_message_id, e.trigger_kind, e.trigger_date, e.kind, e.rule_code, e.due_on,
            e.responsible_kind, e.responsible_id, e.agreement_id, e.clause_ref, e.expected_kinds, e.conditional,
            e.citizen_pseudonym, e.correlation_id
       FROM jsonb_to_recordset($1::jsonb) AS e(expectation_id uuid, trigger_message_id uuid, trigger_kind text,
            trigger_date date, kind text, rule_code text, due_on date, responsible_kind text, responsible_id text,
            agreement_id text, clause_ref text, expected_kinds jsonb, conditional boolean, citizen_pseudonym text,
            correlation_id text)
     ON CONFLICT (expectation_id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

/**
 * Deadline events, per deadline: the earliest time raised is kept (see above), and the id of the
 * chunk's last event, as applying them one by one in consumed order did.
 */
async function recordDeadlineEvents(db: EntityManager, rows: ChunkPlan['deadlines']): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `UPDATE exchange_expectation e
        SET due_event_id = COALESCE(d.due_event_id, e.due_event_id),
            due_raised_at = CASE WHEN d.due_raised_at IS NULL THEN e.due_raised_at
                                 ELSE LEAST(COALESCE(e.due_raised_at, d.due_raised_at), d.due_raised_at) END,
            overdue_event_id = COALESCE(d.overdue_event_id, e.overdue_event_id),
            overdue_raised_at = CASE WHEN d.overdue_raised_at IS NULL THEN e.overdue_raised_at
                                     ELSE LEAST(COALESCE(e.overdue_raised_at, d.overdue_raised_at), d.overdue_raised_at) END
       FROM (SELECT r.trigger_message_id, r.rule_code,
                    (array_agg(r.event_id ORDER BY r.ordinal DESC) FILTER (WHERE r.step = 'due'))[1] AS due_event_id,
                    min(r.at) FILTER (WHERE r.step = 'due') AS due_raised_at,
                    (array_agg(r.event_id ORDER BY r.ordinal DESC) FILTER (WHERE r.step = 'overdue'))[1] AS overdue_event_id,
                    min(r.at) FILTER (WHERE r.step = 'overdue') AS overdue_raised_at
               FROM jsonb_to_recordset($1::jsonb) AS r(ordinal int, step text, event_id uuid, trigger_message_id uuid,
                    rule_code text, at timestamptz)
              GROUP BY r.trigger_message_id, r.rule_code) d
      WHERE e.trigger_message_id = d.trigger_message_id AND e.rule_code = d.rule_code`,
    [JSON.stringify(rows)],
  );
}

/** The chunk's timeline steps. Nothing is added back to the timeline of an exchange the retention job purged. */
async function insertSteps(db: EntityManager, rows: readonly StepRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO exchange_timeline (event_id, message_id, step, at, detail)
     SELECT s.event_id, s.message_id, s.step, s.at, s.detail
       FROM jsonb_to_recordset($1::jsonb) AS s(event_id uuid, message_id uuid, step text, at timestamptz, detail jsonb)
      WHERE NOT EXISTS (SELECT 1 FROM purged_exchange p WHERE p.message_id = s.message_id)
     ON CONFLICT (event_id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}
