import type { WorkingDayCalendar } from '@hub/agreements';
import type { EntityManager } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Message ids are uuids; partner-supplied references (causation ids) may be any text. */
export const isUuid = (value: string | null | undefined): value is string => !!value && UUID.test(value);

/**
 * Links answers to what they answer, whatever order the events arrive in. The hub's events are keyed
 * by message id, so an exchange and its answer may sit on different partitions and be applied in
 * either order, in one chunk or in two, or at the same time by two transactions. Hence:
 * - each transaction first takes advisory locks on every key the two sides share (the message id,
 *   the id it answers, the citizen's pseudonym), in sorted order so two never deadlock; under READ
 *   COMMITTED, each statement after the lock sees what the other side committed;
 * - the links are recomputed from all rows present (the earliest answer wins), never patched
 *   incrementally, so applying the same events in any order gives the same rows.
 * Every function here works on a whole chunk's keys at once: one statement, whatever their number.
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

/** exchange_log.answered_*: for each of these messages, the earliest routed message whose causation id is its id. */
export async function refreshAnswered(db: EntityManager, messageIds: readonly string[]): Promise<void> {
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

/** A routed exchange as a possible answer: what it is, what it answers, whose it is. */
export interface PossibleAnswer {
  kind: string;
  /** The triggering message it names as its cause (a uuid), or null. */
  answers: string | null;
  citizenPseudonym: string | null;
  senderKind: string;
  senderId: string;
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
 * Recomputes which exchange fulfilled each expectation the chunk touched: those it created, and those
 * its routed exchanges may answer - as the answer to the triggering message (causation id), or as the
 * responsible party's message about the same citizen. The fulfilling exchange is the earliest routed
 * exchange of an expected kind that either answers the triggering message (its causation id points
 * at it), or - when it answers nothing in particular - is about the same citizen, from the
 * responsible party, on or after the triggering exchange's date (a risk notice is sent on its own,
 * not as a reply). The response time is counted in Danish working days from the trigger's date to
 * the answer's. Two statements for the whole chunk: one reads (and locks) the expectations with
 * their best answer, one writes the ones that changed.
 */
export async function refreshFulfilment(
  db: EntityManager,
  created: readonly string[],
  answers: readonly PossibleAnswer[],
  calendar: WorkingDayCalendar,
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
