import type { WorkingDayCalendar } from '@hub/agreements';
import type { EntityManager } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Message ids are uuids; partner-supplied references (causation ids) may be any text. */
export const isUuid = (value: string | null | undefined): value is string => !!value && UUID.test(value);

/**
 * Links answers to what they answer, whatever order the events arrive in. The hub's events are keyed
 * by message id, so an exchange and its answer may sit on different partitions and be applied in
 * either order, or at the same time by two transactions. Hence:
 * - each transaction first takes advisory locks on every key the two sides share (the message id,
 *   the id it answers, the citizen's pseudonym), in sorted order so two never deadlock; under READ
 *   COMMITTED, each statement after the lock sees what the other side committed;
 * - the links are recomputed from all rows present (the earliest answer wins), never patched
 *   incrementally, so applying the same events in any order gives the same rows.
 */
export async function lockKeys(
  db: EntityManager,
  keys: readonly (string | null | undefined)[],
): Promise<void> {
  const unique = [...new Set(keys.filter((key): key is string => typeof key === 'string' && key.length > 0))];
  if (unique.length === 0) return;
  // One round trip: unnest yields the sorted array in order, so the locks are taken in that order.
  await db.query(
    'SELECT pg_advisory_xact_lock(hashtextextended(key, 727007)) FROM unnest($1::text[]) AS key',
    [unique.sort()],
  );
}

/** exchange_log.answered_*: the earliest routed message whose causation id is this message's id. */
export async function refreshAnswered(db: EntityManager, messageId: string): Promise<void> {
  await db.query(
    `UPDATE exchange_log o
        SET answered_by = a.message_id, answered_kind = a.kind, answered_on = a.exchange_date,
            answered_at = a.routed_at, updated_at = now()
       FROM (SELECT $1::uuid AS original) target
       LEFT JOIN LATERAL (
         SELECT l.message_id, l.kind, l.exchange_date, l.routed_at
           FROM exchange_log l
          WHERE l.causation_id = $1::text AND l.routed_at IS NOT NULL
          ORDER BY l.exchange_date, l.routed_at, l.message_id
          LIMIT 1) a ON true
      WHERE o.message_id = target.original
        AND (o.answered_by IS DISTINCT FROM a.message_id)`,
    [messageId],
  );
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

/**
 * Recomputes which exchange fulfilled each of these expectations: the earliest routed exchange of an
 * expected kind that either answers the triggering message (its causation id points at it), or - when
 * it answers nothing in particular - is about the same citizen, from the responsible party, on or
 * after the triggering exchange's date (a risk notice is sent on its own, not as a reply).
 * The response time is counted in Danish working days from the trigger's date to the answer's.
 */
export async function refreshFulfilment(
  db: EntityManager,
  expectationIds: readonly string[],
  calendar: WorkingDayCalendar,
): Promise<void> {
  if (expectationIds.length === 0) return;
  const rows: FulfilmentRow[] = await db.query(
    `SELECT e.expectation_id, e.trigger_date::text AS trigger_date, e.fulfilled_by,
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
      WHERE e.expectation_id = ANY($1::uuid[])
      FOR UPDATE OF e`,
    [expectationIds],
  );
  for (const row of rows) {
    if (row.best_by === row.fulfilled_by) continue;
    const workingDays =
      row.best_on === null ? null : calendar.workingDaysBetween(row.trigger_date, row.best_on);
    await db.query(
      `UPDATE exchange_expectation
          SET fulfilled_by = $2, fulfilled_kind = $3, fulfilled_on = $4, fulfilled_at = $5, response_working_days = $6
        WHERE expectation_id = $1`,
      [row.expectation_id, row.best_by, row.best_kind, row.best_on, row.best_at, workingDays],
    );
  }
}

/** Expectations this routed exchange may fulfil, as an answer or as the responsible party's message. */
export async function expectationsAnsweredBy(
  db: EntityManager,
  exchange: {
    kind: string;
    causationId: string | null;
    citizenPseudonym: string | null;
    sender: { kind: string; id: string };
  },
): Promise<string[]> {
  // As with refreshFulfilment: one indexed arm per way of answering, not an OR over both. The
  // causation id is free text from the partner; only a uuid can name a triggering message.
  const answers = isUuid(exchange.causationId) ? exchange.causationId : null;
  const rows: { expectation_id: string }[] = await db.query(
    `SELECT expectation_id FROM exchange_expectation
      WHERE trigger_message_id = $2::uuid AND expected_kinds ? $1
     UNION
     SELECT expectation_id FROM exchange_expectation
      WHERE $3::text IS NOT NULL AND citizen_pseudonym = $3 AND expected_kinds ? $1
        AND responsible_kind = $4 AND responsible_id = $5`,
    [exchange.kind, answers, exchange.citizenPseudonym, exchange.sender.kind, exchange.sender.id],
  );
  return rows.map((row) => row.expectation_id);
}
