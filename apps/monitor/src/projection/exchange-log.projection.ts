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
import {
  classifyDatabaseError,
  DeadlineEventRecord,
  DeliveryOutcome,
  ExchangeLogRepository as ExchangeLog,
  ExchangeUpsert,
  NewExpectation,
  PossibleAnswer,
  TimelineStep,
} from '@hub/persistence';
import { DataSource, EntityManager } from 'typeorm';

import { expectationIdOf } from '../deadlines/deadline-rules';
import { MonitorMetrics } from '../monitor.metrics';
import { danishDate, MonitorReference } from '../reference/monitor-reference';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Message ids are uuids; partner-supplied references (causation ids) may be any text. */
export const isUuid = (value: string | null | undefined): value is string => !!value && UUID.test(value);

const NOTHING: HandlerResult['records'] = [];
const DUPLICATE: HandlerResult = { outcome: 'duplicate', records: NOTHING };

/** Everything a chunk's newly applied events write, gathered so each table gets one statement. */
class ChunkPlan {
  /** exchange_log upserts, in chunk order (routed and rejected events). */
  readonly exchanges: ExchangeUpsert[] = [];
  /** Delivery receipts and failures, per message. */
  readonly deliveries: DeliveryOutcome[] = [];
  readonly expectations: NewExpectation[] = [];
  readonly createdExpectations: string[] = [];
  /** Deadline events in chunk order (`ordinal`): the last one's id is kept, as applying them one by one did. */
  readonly deadlines: DeadlineEventRecord[] = [];
  readonly steps: TimelineStep[] = [];
  readonly possibleAnswers: PossibleAnswer[] = [];
  /** Messages whose answered_* link may have changed: each routed message, and what it answers. */
  readonly answerTargets: string[] = [];
  /** Keys two transactions applying linked exchanges share (see ExchangeLogRepository). */
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
    await ExchangeLog.lockKeys(db, plan.lockKeys);

    const fresh = await ExchangeLog.markApplied(
      db,
      candidates.map((event) => event.value.eventId),
    );
    const applied = candidates.filter((event) => fresh.has(event.value.eventId));
    applied.forEach((event, ordinal) => this.plan(plan, event, ordinal));

    await ExchangeLog.upsertExchanges(db, plan.exchanges);
    const routedAtOf = await ExchangeLog.recordDeliveries(db, plan.deliveries);
    await ExchangeLog.insertExpectations(db, plan.expectations);
    await ExchangeLog.recordDeadlineEvents(db, plan.deadlines);
    await ExchangeLog.insertSteps(db, plan.steps);
    // As a trigger: who answered it; as an answer: the message it answers, and every deadline it may meet.
    await ExchangeLog.refreshAnswered(db, plan.answerTargets);
    await ExchangeLog.refreshFulfilment(
      db,
      plan.createdExpectations,
      plan.possibleAnswers,
      this.reference.calendar,
    );
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
