import type { EntityManager } from 'typeorm';

import { SqlParams } from './exchange-log-sql';

/**
 * A record on the dead-letter topic, as the operator lists it: where it came from and why it was set
 * aside. The original bytes stay on the topic only (they may hold a CPR number); the reason text is
 * stored with CPR numbers redacted (by the caller, @hub/observability's redactCprInText).
 */
export interface DeadLetterRow {
  /** `<partition>/<offset>` on the dead-letter topic, as `hub deadletters replay --id` takes it. */
  dead_letter_id: string;
  source_topic: string | null;
  source_partition: number | null;
  source_offset: string | null;
  /** The sending partner's slug, from an inbound source topic (e.g. `akasse-3f`). */
  sender_slug: string | null;
  kind: string | null;
  message_id: string | null;
  correlation_id: string | null;
  reason_code: string;
  reason_text: string;
  /** An ISO instant when written; read back as a Date. */
  rejected_at: string;
}

/** A dead letter as it is read back. */
export type StoredDeadLetter = Omit<DeadLetterRow, 'rejected_at'> & { rejected_at: Date };

export interface DeadLetterFilter {
  /** Only those that came in on this partner's topics. */
  senderSlug?: string;
  reasonCode?: string;
  limit: number;
}

/** The dead letters' reasons (`dead_letter`), idempotent by their place on the dead-letter topic. */
export class DeadLetterRepository {
  /**
   * Records dead letters in one multi-row insert; one recorded before (same id) is left as it is.
   * Returns the ids recorded now. One statement may not propose one id twice: pass each once.
   */
  static async record(db: EntityManager, rows: readonly DeadLetterRow[]): Promise<Set<string>> {
    const inserted: { dead_letter_id: string }[] = await db.query(
      `INSERT INTO dead_letter (dead_letter_id, source_topic, source_partition, source_offset, sender_slug, kind,
           message_id, correlation_id, reason_code, reason_text, rejected_at)
         SELECT d.dead_letter_id, d.source_topic, d.source_partition, d.source_offset, d.sender_slug, d.kind,
                d.message_id, d.correlation_id, d.reason_code, d.reason_text, d.rejected_at
           FROM jsonb_to_recordset($1::jsonb) AS d(dead_letter_id text, source_topic text, source_partition int,
                source_offset text, sender_slug text, kind text, message_id text, correlation_id text,
                reason_code text, reason_text text, rejected_at timestamptz)
         ON CONFLICT (dead_letter_id) DO NOTHING RETURNING dead_letter_id`,
      [JSON.stringify(rows)],
    );
    return new Set(inserted.map((row) => row.dead_letter_id));
  }

  /** Dead letters, newest first. */
  static async list(db: EntityManager, filter: DeadLetterFilter): Promise<StoredDeadLetter[]> {
    const sql = new SqlParams();
    const where = ['TRUE'];
    if (filter.senderSlug !== undefined) where.push(`d.sender_slug = ${sql.p(filter.senderSlug)}`);
    if (filter.reasonCode) where.push(`d.reason_code = ${sql.p(filter.reasonCode)}`);
    return db.query(
      `SELECT d.* FROM dead_letter d WHERE ${where.join(' AND ')}
        ORDER BY d.rejected_at DESC, d.dead_letter_id LIMIT ${sql.p(filter.limit)}`,
      sql.values,
    );
  }

  /** Forgets the reasons of dead letters set aside before `before` (a Danish date, Copenhagen midnight). */
  static async purgeBefore(db: EntityManager, before: string): Promise<void> {
    await db.query(
      `DELETE FROM dead_letter WHERE rejected_at < ($1::date)::timestamp AT TIME ZONE 'Europe/Copenhagen'`,
      [before],
    );
  }
}
