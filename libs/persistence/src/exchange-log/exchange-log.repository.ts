import type { EntityManager } from 'typeorm';

import { ExchangeLogReader, involves, LoggedParty, scopeOf, SqlParams } from './exchange-log-sql';

/**
 * An exchange_log row from a routed or rejected event (columns of jsonb_to_recordset in
 * upsertExchanges). One row per exchange (a partner message): what the agreements are followed up on
 * and a keyed pseudonym of the citizen, never the CPR number or the payload.
 */
export interface ExchangeUpsert {
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
export interface TimelineStep {
  /** The hub event's id (for an answer: derived from the answer's event and the answered message). */
  event_id: string;
  message_id: string;
  step: string;
  at: string;
  detail: Record<string, unknown>;
}

/** A delivery receipt (`delivered_at`) or failure of one message. */
export interface DeliveryOutcome {
  message_id: string;
  delivered_at: string | null;
  failed: boolean;
}

/** A deadline an exchange created under its agreement's targets (carried in events.ExchangeRouted). */
export interface NewExpectation {
  /** deterministicUuid('Expectation', triggerMessageId, kind): a replay finds the same row. */
  expectation_id: string;
  trigger_message_id: string;
  trigger_kind: string;
  trigger_date: string;
  /** The agreement's target id, e.g. `recommendation-decision`. */
  kind: string;
  /** The target id in the events' form, e.g. `RECOMMENDATION_DECISION`. */
  rule_code: string;
  /** Last day on time (inclusive), a Danish date. */
  due_on: string;
  responsible_kind: string;
  responsible_id: string;
  agreement_id: string;
  clause_ref: string;
  expected_kinds: readonly string[];
  /** Only due if something else holds: never counted overdue. */
  conditional: boolean;
  citizen_pseudonym: string | null;
  correlation_id: string | null;
}

/** A deadline event (due or overdue) applied to its deadline; `ordinal` is its place in the chunk. */
export interface DeadlineEventRecord {
  ordinal: number;
  step: 'due' | 'overdue';
  event_id: string;
  trigger_message_id: string;
  rule_code: string;
  at: string;
}

/** A routed exchange as a possible answer: what it is, what it answers, whose it is. */
export interface PossibleAnswer {
  kind: string;
  /** The triggering message it names as its cause (a uuid), or null. */
  answers: string | null;
  citizenPseudonym: string | null;
  senderKind: string;
  senderId: string;
}

/** Counts the response time of a fulfilled deadline (the Danish working-day calendar, @hub/agreements). */
export interface ResponseDays {
  workingDaysBetween(from: string, to: string): number;
}

interface FulfilmentRow {
  expectation_id: string;
  trigger_date: string;
  fulfilled_by: string | null;
  best_by: string | null;
  best_kind: string | null;
  best_on: string | null;
  best_at: Date | null;
}

/** A deadline the watch may raise an event for (claimDeadlines). */
export interface DeadlineCandidate {
  expectation_id: string;
  trigger_message_id: string;
  trigger_kind: string;
  rule_code: string;
  due_on: string;
  responsible_kind: string;
  responsible_id: string;
  agreement_id: string;
  clause_ref: string;
  expected_kinds: string[];
  conditional: boolean;
  citizen_pseudonym: string | null;
  correlation_id: string | null;
  due_event_id: string | null;
  overdue_event_id: string | null;
}

/** An exchange as the API reads it. */
export interface LoggedExchange {
  message_id: string;
  kind: string | null;
  channel: string;
  sender_kind: string;
  sender_id: string;
  receivers: LoggedParty[];
  correlation_id: string | null;
  causation_id: string | null;
  agreement_id: string | null;
  clause_ref: string | null;
  /** routed | rejected | delivered | delivery_failed */
  status: string;
  verdict: string | null;
  findings: LoggedFinding[];
  reason_code: string | null;
  citizen_pseudonym: string | null;
  exchange_date: string | null;
  queued_at: Date | null;
  routed_at: Date | null;
  rejected_at: Date | null;
  delivered_at: Date | null;
  /** The first routed answer to this exchange (a message whose causation id is this one's id). */
  answered_at: Date | null;
  /** The answer's Danish exchange date: timeliness is counted in Danish working days. */
  answered_on: string | null;
  answered_by: string | null;
  answered_kind: string | null;
}

/** A finding as the router made it (events.ExchangeRouted / ExchangeRejected). */
export interface LoggedFinding {
  code: string;
  severity: string;
  agreementId: string | null;
  clauseRef: string;
  messageDa: string;
  messageEn: string;
}

/** A deadline as the API reads it. */
export interface LoggedExpectation {
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
  /** The earliest exchange of an expected kind that answered it. */
  fulfilled_by: string | null;
  fulfilled_kind: string | null;
  fulfilled_on: string | null;
  /** Danish working days from the trigger's exchange date to the fulfilling exchange's date. */
  response_working_days: number | null;
  due_raised_at: Date | null;
  overdue_raised_at: Date | null;
}

/** A step of an exchange's timeline as the API reads it. */
export interface LoggedStep {
  at: Date;
  step: string;
  detail: Record<string, unknown>;
}

export interface ExchangeListFilter {
  agreement?: string;
  party?: LoggedParty;
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

export interface ExpectationListFilter {
  state?: 'open' | 'overdue' | 'answered';
  agreement?: string;
  responsible?: LoggedParty;
  limit: number;
}

export interface KpiScopeFilter {
  agreement?: string;
  /** Months `YYYY-MM`, inclusive. */
  from?: string;
  to?: string;
}

/** The month's exchanges of one agreement and kind (counts come back from pg as strings: bigint). */
export interface VolumeCount {
  agreement_id: string | null;
  month: string;
  kind: string | null;
  exchanges: string;
  routed: string;
  rejected: string;
}

export interface RejectionCount {
  agreement_id: string | null;
  month: string;
  reason_code: string | null;
  rejections: string;
}

export interface TimelinessFigures {
  agreement_id: string;
  month: string;
  expectations: string;
  answered: string;
  on_time: string;
  median: number | null;
  p90: number | null;
  overdue_now: string;
}

export interface ThroughputCount {
  minute: Date;
  what: string;
  n: string;
}

const EXCHANGE_COLUMNS = `l.message_id, l.kind, l.channel, l.sender_kind, l.sender_id, l.receivers, l.correlation_id,
  l.causation_id, l.agreement_id, l.clause_ref, l.status, l.verdict, l.findings, l.reason_code, l.citizen_pseudonym,
  l.exchange_date::text AS exchange_date, l.queued_at, l.routed_at, l.rejected_at, l.delivered_at, l.answered_at,
  l.answered_on::text AS answered_on, l.answered_by, l.answered_kind`;

const EXPECTATION_COLUMNS = `e.expectation_id, e.kind, e.rule_code, e.trigger_message_id, e.trigger_kind,
  e.trigger_date::text AS trigger_date, e.due_on::text AS due_on, e.responsible_kind, e.responsible_id, e.agreement_id,
  e.clause_ref, e.expected_kinds, e.conditional, e.fulfilled_by, e.fulfilled_kind, e.fulfilled_on::text AS fulfilled_on,
  e.response_working_days, e.due_raised_at, e.overdue_raised_at`;

/**
 * The exchange log: `exchange_log` (one row per exchange), its `exchange_timeline`, the deadlines it
 * created (`exchange_expectation`), the hub events already applied (`applied_event`) and the ids of
 * the exchanges retention purged (`purged_exchange`). Every statement runs on the manager it is
 * given: the monitor's projection passes its chunk transaction's manager, so a chunk's events, their
 * ids and the links they change commit together or not at all; readers pass the data source's.
 *
 * The writes are set-based: one statement per table for a whole chunk (multi-row
 * `jsonb_to_recordset` / `unnest`), idempotent by key (ON CONFLICT), so applying the same event again
 * changes nothing.
 *
 * Links between exchanges are recomputed whatever order the events arrive in. The hub's events are
 * keyed by message id, so an exchange and its answer may sit on different partitions and be applied
 * in either order, in one chunk or in two, or at the same time by two transactions. Hence:
 * - each transaction first takes advisory locks on every key the two sides share (the message id,
 *   the id it answers, the citizen's pseudonym), in sorted order so two never deadlock; under READ
 *   COMMITTED, each statement after the lock sees what the other side committed (lockKeys);
 * - the links are recomputed from all rows present (the earliest answer wins), never patched
 *   incrementally, so applying the same events in any order gives the same rows (refreshAnswered,
 *   refreshFulfilment).
 */
export class ExchangeLogRepository {
  /** Advisory locks on the keys linked exchanges share, taken before any write of the transaction. */
  static async lockKeys(db: EntityManager, keys: readonly (string | null | undefined)[]): Promise<void> {
    const unique = [
      ...new Set(keys.filter((key): key is string => typeof key === 'string' && key.length > 0)),
    ];
    if (unique.length === 0) return;
    // One round trip: unnest yields the sorted array in order, so the locks are taken in that order.
    await db.query(
      'SELECT pg_advisory_xact_lock(hashtextextended(key, 727007)) FROM unnest($1::text[]) AS key',
      [unique.sort()],
    );
  }

  /** Records these hub events as applied; returns the ids not applied before (the others are duplicates). */
  static async markApplied(db: EntityManager, eventIds: readonly string[]): Promise<Set<string>> {
    const inserted: { event_id: string }[] = await db.query(
      `INSERT INTO applied_event (event_id) SELECT unnest($1::uuid[])
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [eventIds],
    );
    return new Set(inserted.map((row) => row.event_id));
  }

  /**
   * exchange_log rows of routed and rejected events. A routed event fills in (or corrects) everything
   * the routing decided and turns a rejected row routed (the message was sent again and went through);
   * a rejected event on an existing row only records the rejection. PostgreSQL cannot upsert one row
   * twice in a statement, so when the rows hold two for one message id (a message sent again), the
   * upsert runs once per such repetition, in the rows' order.
   */
  static async upsertExchanges(db: EntityManager, rows: readonly ExchangeUpsert[]): Promise<void> {
    const rounds: ExchangeUpsert[][] = [];
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
  static async recordDeliveries(
    db: EntityManager,
    deliveries: readonly DeliveryOutcome[],
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

  /** The deadlines exchanges created; one recorded before (same id) is left as it is. */
  static async insertExpectations(db: EntityManager, rows: readonly NewExpectation[]): Promise<void> {
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
   * Deadline events, per deadline: the earliest time raised is kept (a deadline raised twice - a
   * crash, a replay - settles on one value), and the id of the last event (by `ordinal`), as applying
   * them one by one in consumed order did.
   */
  static async recordDeadlineEvents(db: EntityManager, rows: readonly DeadlineEventRecord[]): Promise<void> {
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

  /** Timeline steps. Nothing is added back to the timeline of an exchange the retention job purged. */
  static async insertSteps(db: EntityManager, rows: readonly TimelineStep[]): Promise<void> {
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

  /** exchange_log.answered_*: for each of these messages, the earliest routed message whose causation id is its id. */
  static async refreshAnswered(db: EntityManager, messageIds: readonly string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await db.query(
      `UPDATE exchange_log o
        SET answered_by = a.message_id, answered_kind = a.kind, answered_on = a.exchange_date,
            answered_at = a.routed_at, updated_at = now()
       FROM unnest($1::uuid[]) AS target(original)
       LEFT JOIN LATERAL (
         SELECT l.message_id, l.kind, l.exchange_date, l.routed_at
           FROM exchange_log l
          WHERE l.causation_id = target.original::text AND l.routed_at IS NOT NULL
          ORDER BY l.exchange_date, l.routed_at, l.message_id
          LIMIT 1) a ON true
      WHERE o.message_id = target.original
        AND (o.answered_by IS DISTINCT FROM a.message_id)`,
      [[...new Set(messageIds)]],
    );
  }

  /**
   * Recomputes which exchange fulfilled each expectation: those `created`, and those the routed
   * exchanges `answers` may answer - as the answer to the triggering message (causation id), or as
   * the responsible party's message about the same citizen. The fulfilling exchange is the earliest
   * routed exchange of an expected kind that either answers the triggering message (its causation id
   * points at it), or - when it answers nothing in particular - is about the same citizen, from the
   * responsible party, on or after the triggering exchange's date (a risk notice is sent on its own,
   * not as a reply). The response time is counted in Danish working days from the trigger's date to
   * the answer's. Two statements for all of them: one reads (and locks) the expectations with their
   * best answer, one writes the ones that changed.
   */
  static async refreshFulfilment(
    db: EntityManager,
    created: readonly string[],
    answers: readonly PossibleAnswer[],
    calendar: ResponseDays,
  ): Promise<void> {
    if (created.length === 0 && answers.length === 0) return;
    const rows: FulfilmentRow[] = await db.query(
      `WITH answer AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb)
         AS a(kind text, answers uuid, citizen_pseudonym text, sender_kind text, sender_id text)),
     touched AS (
       SELECT unnest($1::uuid[]) AS expectation_id
       -- As with the best answer below: one indexed arm per way of answering, not an OR over both.
       UNION
       SELECT x.expectation_id FROM answer a
         JOIN exchange_expectation x ON x.trigger_message_id = a.answers AND x.expected_kinds ? a.kind
       UNION
       SELECT x.expectation_id FROM answer a
         JOIN exchange_expectation x
           ON a.citizen_pseudonym IS NOT NULL AND x.citizen_pseudonym = a.citizen_pseudonym
          AND x.expected_kinds ? a.kind AND x.responsible_kind = a.sender_kind AND x.responsible_id = a.sender_id)
     SELECT e.expectation_id, e.trigger_date::text AS trigger_date, e.fulfilled_by,
            f.message_id AS best_by, f.kind AS best_kind, f.exchange_date::text AS best_on, f.routed_at AS best_at
       FROM exchange_expectation e
       LEFT JOIN LATERAL (
         -- Two arms, each on its own index (causation id; citizen pseudonym): one OR over both made
         -- PostgreSQL scan the whole log for every expectation.
         SELECT c.message_id, c.kind, c.exchange_date, c.routed_at
           FROM (SELECT l.message_id, l.kind, l.exchange_date, l.routed_at
                   FROM exchange_log l
                  WHERE l.causation_id = e.trigger_message_id::text
                    AND l.routed_at IS NOT NULL
                    AND l.message_id <> e.trigger_message_id
                    AND e.expected_kinds ? l.kind
                 UNION ALL
                 SELECT l.message_id, l.kind, l.exchange_date, l.routed_at
                   FROM exchange_log l
                  WHERE e.citizen_pseudonym IS NOT NULL
                    AND l.citizen_pseudonym = e.citizen_pseudonym
                    AND l.causation_id IS NULL
                    AND l.routed_at IS NOT NULL
                    AND l.message_id <> e.trigger_message_id
                    AND e.expected_kinds ? l.kind
                    AND l.sender_kind = e.responsible_kind AND l.sender_id = e.responsible_id
                    AND l.exchange_date >= e.trigger_date) c
          ORDER BY c.exchange_date, c.routed_at, c.message_id
          LIMIT 1) f ON true
      WHERE e.expectation_id IN (SELECT expectation_id FROM touched)
      -- Row locks in one order, so two chunks touching the same expectations queue, not deadlock.
      ORDER BY e.expectation_id
      FOR UPDATE OF e`,
      [
        [...new Set(created)],
        JSON.stringify(
          answers.map((answer) => ({
            kind: answer.kind,
            answers: answer.answers,
            citizen_pseudonym: answer.citizenPseudonym,
            sender_kind: answer.senderKind,
            sender_id: answer.senderId,
          })),
        ),
      ],
    );
    const changed = rows
      .filter((row) => row.best_by !== row.fulfilled_by)
      .map((row) => ({
        expectation_id: row.expectation_id,
        fulfilled_by: row.best_by,
        fulfilled_kind: row.best_kind,
        fulfilled_on: row.best_on,
        fulfilled_at: row.best_at,
        response_working_days:
          row.best_on === null ? null : calendar.workingDaysBetween(row.trigger_date, row.best_on),
      }));
    if (changed.length === 0) return;
    await db.query(
      `UPDATE exchange_expectation e
        SET fulfilled_by = u.fulfilled_by, fulfilled_kind = u.fulfilled_kind, fulfilled_on = u.fulfilled_on,
            fulfilled_at = u.fulfilled_at, response_working_days = u.response_working_days
       FROM jsonb_to_recordset($1::jsonb) AS u(expectation_id uuid, fulfilled_by uuid, fulfilled_kind text,
            fulfilled_on date, fulfilled_at timestamptz, response_working_days int)
      WHERE e.expectation_id = u.expectation_id`,
      [JSON.stringify(changed)],
    );
  }

  /**
   * Purges up to `batch` exchanges dated before `before` under one agreement (`agreementId`), or -
   * with `agreementId` null - under none of the `known` agreements, with their deadlines and
   * timeline, keeping their message ids in purged_exchange. Returns how many it purged: fewer than
   * `batch` means none are left. Purged, not anonymised: what is gone cannot be linked back to a person.
   */
  static async purgeBatch(
    db: EntityManager,
    before: string,
    agreementId: string | null,
    known: readonly string[],
    batch: number,
  ): Promise<number> {
    const scope =
      agreementId === null
        ? '(agreement_id IS NULL OR NOT (agreement_id = ANY($2::text[])))'
        : 'agreement_id = $2';
    const result: { n: string }[] = await db.query(
      `WITH gone AS (
             DELETE FROM exchange_log WHERE message_id IN (
               SELECT message_id FROM exchange_log
                WHERE exchange_date < $1::date AND ${scope} LIMIT ${rowLimit(batch)})
             RETURNING message_id),
           tombstones AS (INSERT INTO purged_exchange (message_id) SELECT message_id FROM gone ON CONFLICT DO NOTHING),
           expectations AS (DELETE FROM exchange_expectation WHERE trigger_message_id IN (SELECT message_id FROM gone)),
           steps AS (DELETE FROM exchange_timeline WHERE message_id IN (SELECT message_id FROM gone))
           SELECT count(*) AS n FROM gone`,
      [before, agreementId ?? known],
    );
    return Number(result[0]?.n ?? 0);
  }

  /** A step written for a purged exchange while it was being purged (another transaction) goes now. */
  static async deleteStepsOfPurged(db: EntityManager): Promise<void> {
    await db.query(
      'DELETE FROM exchange_timeline t USING purged_exchange p WHERE t.message_id = p.message_id',
    );
  }

  /**
   * Up to `limit` unmet deadlines that need an event today: due within the week and not yet raised
   * due, or past due (not conditional) and not yet raised overdue. Claimed FOR UPDATE SKIP LOCKED, so
   * several watches never claim the same deadline; `db` must be a transaction's manager.
   */
  static async claimDeadlines(db: EntityManager, today: string, limit: number): Promise<DeadlineCandidate[]> {
    return db.query(
      `SELECT expectation_id, trigger_message_id, trigger_kind, rule_code, due_on::text AS due_on, responsible_kind,
              responsible_id, agreement_id, clause_ref, expected_kinds, conditional, citizen_pseudonym, correlation_id,
              due_event_id, overdue_event_id
         FROM exchange_expectation
        WHERE fulfilled_by IS NULL
          AND ((due_event_id IS NULL AND due_on >= $1::date AND due_on <= $1::date + 7)
               OR (overdue_event_id IS NULL AND NOT conditional AND due_on < $1::date))
        ORDER BY due_on, expectation_id
        LIMIT ${rowLimit(limit)}
        FOR UPDATE SKIP LOCKED`,
      [today],
    );
  }

  /** Marks a deadline's due or overdue event raised (its id, when). */
  static async markDeadlineRaised(
    db: EntityManager,
    expectationId: string,
    step: 'due' | 'overdue',
    eventId: string,
    at: string,
  ): Promise<void> {
    await db.query(
      step === 'due'
        ? 'UPDATE exchange_expectation SET due_event_id = $2, due_raised_at = $3 WHERE expectation_id = $1'
        : 'UPDATE exchange_expectation SET overdue_event_id = $2, overdue_raised_at = $3 WHERE expectation_id = $1',
      [expectationId, eventId, at],
    );
  }

  /** Deadlines past due `today` and unanswered (conditional ones not counted), per agreement. */
  static async overdueByAgreement(
    db: EntityManager,
    today: string,
  ): Promise<{ agreement_id: string; n: string }[]> {
    return db.query<{ agreement_id: string; n: string }[]>(
      `SELECT agreement_id, count(*) AS n FROM exchange_expectation
                  WHERE fulfilled_by IS NULL AND NOT conditional AND due_on < $1::date GROUP BY agreement_id`,
      [today],
    );
  }

  /** Exchanges the reader may see, newest first. */
  static async list(
    db: EntityManager,
    reader: ExchangeLogReader,
    filter: ExchangeListFilter,
  ): Promise<LoggedExchange[]> {
    const sql = new SqlParams();
    const where = [scopeOf(sql, reader)];
    if (filter.agreement) where.push(`l.agreement_id = ${sql.p(filter.agreement)}`);
    if (filter.party) where.push(involves(sql, filter.party));
    if (filter.kind) where.push(`l.kind = ${sql.p(filter.kind)}`);
    if (filter.finding)
      where.push(`l.findings @> ${sql.p(JSON.stringify([{ code: filter.finding }]))}::jsonb`);
    if (filter.status) where.push(`l.status = ${sql.p(filter.status)}`);
    if (filter.pseudonym) where.push(`l.citizen_pseudonym = ${sql.p(filter.pseudonym)}`);
    if (filter.from) where.push(`l.exchange_date >= ${sql.p(filter.from)}::date`);
    if (filter.to) where.push(`l.exchange_date <= ${sql.p(filter.to)}::date`);
    return db.query(
      `SELECT ${EXCHANGE_COLUMNS} FROM exchange_log l WHERE ${where.join(' AND ')}
        ORDER BY COALESCE(l.routed_at, l.rejected_at, l.updated_at) DESC, l.message_id
        LIMIT ${sql.p(filter.limit)} OFFSET ${sql.p(filter.offset)}`,
      sql.values,
    );
  }

  /** One exchange; undefined when absent or not the reader's to see. */
  static async one(
    db: EntityManager,
    reader: ExchangeLogReader,
    messageId: string,
  ): Promise<LoggedExchange | undefined> {
    const sql = new SqlParams();
    const rows: LoggedExchange[] = await db.query(
      `SELECT ${EXCHANGE_COLUMNS} FROM exchange_log l
        WHERE l.message_id = ${sql.p(messageId)} AND ${scopeOf(sql, reader)}`,
      sql.values,
    );
    return rows[0];
  }

  /** The deadlines an exchange created (whoever may see it: check the exchange first). */
  static async expectationsOf(db: EntityManager, messageId: string): Promise<LoggedExpectation[]> {
    return db.query(
      `SELECT ${EXPECTATION_COLUMNS} FROM exchange_expectation e WHERE e.trigger_message_id = $1 ORDER BY e.due_on, e.kind`,
      [messageId],
    );
  }

  /** An exchange's timeline, in order (whoever may see it: check the exchange first). */
  static async steps(db: EntityManager, messageId: string): Promise<LoggedStep[]> {
    return db.query(
      'SELECT at, step, detail FROM exchange_timeline WHERE message_id = $1 ORDER BY at, step, event_id',
      [messageId],
    );
  }

  /** Deadlines of exchanges the reader may see, by state as of `today`, soonest due first. */
  static async expectations(
    db: EntityManager,
    reader: ExchangeLogReader,
    filter: ExpectationListFilter,
    today: string,
  ): Promise<LoggedExpectation[]> {
    const sql = new SqlParams();
    const where = [scopeOf(sql, reader)];
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
    return db.query(
      `SELECT ${EXPECTATION_COLUMNS} FROM exchange_expectation e
         JOIN exchange_log l ON l.message_id = e.trigger_message_id
        WHERE ${where.join(' AND ')}
        ORDER BY e.due_on, e.trigger_message_id, e.kind
        LIMIT ${sql.p(filter.limit)}`,
      sql.values,
    );
  }

  /** Exchanges per agreement, month (of the Danish exchange date) and kind: all, routed, rejected. */
  static async volumes(
    db: EntityManager,
    reader: ExchangeLogReader,
    filter: KpiScopeFilter,
  ): Promise<VolumeCount[]> {
    return grouped(
      db,
      reader,
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
  }

  /** Rejections per agreement, month and reason code. */
  static async rejections(
    db: EntityManager,
    reader: ExchangeLogReader,
    filter: KpiScopeFilter,
  ): Promise<RejectionCount[]> {
    return grouped(
      db,
      reader,
      filter,
      'l.agreement_id',
      "to_char(l.exchange_date, 'YYYY-MM')",
      (where) => `SELECT l.agreement_id, to_char(l.exchange_date, 'YYYY-MM') AS month, l.reason_code,
                         count(*) AS rejections
                    FROM exchange_log l WHERE l.status = 'rejected' AND l.exchange_date IS NOT NULL AND ${where}
                   GROUP BY 1, 2, 3`,
    );
  }

  /**
   * The deadlines (conditional ones left out) created per agreement and month of the trigger's date:
   * how many, answered, answered on time, median and 90th percentile of the response time in working
   * days (percentile_cont: linear interpolation), and how many are past due `today` and unanswered.
   */
  static async timeliness(
    db: EntityManager,
    reader: ExchangeLogReader,
    filter: KpiScopeFilter,
    today: string,
  ): Promise<TimelinessFigures[]> {
    return grouped(
      db,
      reader,
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
  }

  /** Routed, rejected and delivered exchanges the reader may see per minute, since `since`. */
  static async throughput(
    db: EntityManager,
    reader: ExchangeLogReader,
    since: Date,
  ): Promise<ThroughputCount[]> {
    const sql = new SqlParams();
    const scope = scopeOf(sql, reader);
    const from = sql.p(since);
    return db.query(
      `SELECT date_trunc('minute', t.at) AS minute, t.what, count(*) AS n FROM (
         SELECT l.routed_at AS at, 'routed' AS what FROM exchange_log l WHERE l.routed_at >= ${from} AND ${scope}
         UNION ALL
         SELECT l.rejected_at, 'rejected' FROM exchange_log l WHERE l.rejected_at >= ${from} AND ${scope}
         UNION ALL
         SELECT l.delivered_at, 'delivered' FROM exchange_log l WHERE l.delivered_at >= ${from} AND ${scope}
       ) t GROUP BY 1, 2`,
      sql.values,
    );
  }
}

/** A LIMIT written into the statement (a constant of the caller's): a positive integer, nothing else. */
function rowLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`not a row limit: ${limit}`);
  return limit;
}

/** Runs a grouped query with the reader's scope and the agreement/month filters added. */
async function grouped<Row>(
  db: EntityManager,
  reader: ExchangeLogReader,
  filter: KpiScopeFilter,
  agreementColumn: string,
  monthExpression: string,
  build: (where: string, sql: SqlParams) => string,
): Promise<Row[]> {
  const sql = new SqlParams();
  const where = [scopeOf(sql, reader)];
  if (filter.agreement) where.push(`${agreementColumn} = ${sql.p(filter.agreement)}`);
  if (filter.from) where.push(`${monthExpression} >= ${sql.p(filter.from)}`);
  if (filter.to) where.push(`${monthExpression} <= ${sql.p(filter.to)}`);
  const text = build(where.join(' AND '), sql);
  return db.query(text, sql.values);
}
