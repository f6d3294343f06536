import type { EntityManager } from 'typeorm';

import { DigestItem, MailOutboxEntry } from './mail-outbox.entity';

export interface NewMail {
  mailId: string;
  mailbox: string;
  subject: string;
  bodyText: string;
  bodyHtml: string;
  messageIds: string[];
  /**
   * `single` (default): sent on its own. `digest-item`: held for the mailbox's digest of
   * `digestDate`, never sent by itself; `digestItem` is what the digest lists about it.
   */
  mailKind?: 'single' | 'digest-item';
  digestDate?: string;
  digestItem?: DigestItem;
}

/** A mailbox's digest mail for one day; its id is derived from mailbox and date by the caller. */
export interface NewDigest {
  mailId: string;
  mailbox: string;
  digestDate: string;
  subject: string;
  bodyText: string;
  bodyHtml: string;
  messageIds: string[];
}

/** Advisory lock namespace for composing a mailbox's digest (727001 is `hub db migrate`). */
const DIGEST_LOCK = 727002;

/** The notifier's outbox: mails are recorded first, then sent by whichever instance claims them. */
export class MailOutboxRepository {
  /** Records mails; one already recorded (same deterministic id) is left as it is. Returns how many were new. */
  static async record(db: EntityManager, mails: readonly NewMail[]): Promise<number> {
    if (mails.length === 0) return 0;
    const result = await db
      .createQueryBuilder()
      .insert()
      .into(MailOutboxEntry)
      .values(
        mails.map(({ mailKind = 'single', digestDate, digestItem, ...mail }) => {
          if (mailKind === 'digest-item' && (!digestDate || !digestItem)) {
            throw new Error(`digest item ${mail.mailId} needs a digest date and a digest item`);
          }
          return {
            ...mail,
            mailKind,
            status: mailKind === 'digest-item' ? ('held' as const) : ('pending' as const),
            digestDate: digestDate ?? null,
            digestItem: digestItem ?? null,
          };
        }),
      )
      .orIgnore()
      .returning(['mailId'])
      .execute();
    return result.raw instanceof Array ? result.raw.length : 0;
  }

  /**
   * Leases due mails to this instance for `leaseMs`: the rows are locked FOR UPDATE SKIP LOCKED and
   * moved out of reach (next attempt after the lease) in one transaction, so several notifier
   * instances never send the same mail, and the mails are sent with no transaction open. A mail whose
   * sender died before recording the outcome is due again when the lease ends.
   */
  static async leaseDue(db: EntityManager, limit: number, leaseMs: number): Promise<MailOutboxEntry[]> {
    return db.transaction(async (tx) => {
      const due = await MailOutboxRepository.claimDue(tx, limit);
      if (due.length > 0) {
        await tx.query(
          `UPDATE mail_outbox SET next_attempt_at = now() + ($2 || ' milliseconds')::interval WHERE mail_id = ANY($1::uuid[])`,
          [due.map((mail) => mail.mailId), String(leaseMs)],
        );
      }
      return due;
    });
  }

  /** Due mails, locked FOR UPDATE SKIP LOCKED. Call inside a transaction. */
  private static claimDue(db: EntityManager, limit: number): Promise<MailOutboxEntry[]> {
    return db
      .getRepository(MailOutboxEntry)
      .createQueryBuilder('mail')
      .where("mail.status = 'pending'")
      .andWhere('mail.nextAttemptAt <= now()')
      .orderBy('mail.createdAt', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  static async markSent(db: EntityManager, mailId: string): Promise<void> {
    await db.query(
      `UPDATE mail_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE mail_id = $1`,
      [mailId],
    );
  }

  static async markFailed(
    db: EntityManager,
    mailId: string,
    error: string,
    retryInMs: number,
  ): Promise<void> {
    await db.query(
      `UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + ($3 || ' milliseconds')::interval WHERE mail_id = $1`,
      [mailId, error.slice(0, 1000), String(retryInMs)],
    );
  }

  static claimUnpublished(db: EntityManager, limit: number): Promise<MailOutboxEntry[]> {
    return db
      .getRepository(MailOutboxEntry)
      .createQueryBuilder('mail')
      .where("mail.status = 'sent'")
      .andWhere('mail.eventPublished = false')
      .orderBy('mail.sentAt', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  static async markPublished(db: EntityManager, mailIds: readonly string[]): Promise<void> {
    if (mailIds.length === 0) return;
    await db.query('UPDATE mail_outbox SET event_published = true WHERE mail_id = ANY($1::uuid[])', [
      mailIds,
    ]);
  }

  /** Mailboxes with held digest items whose digest date is on or before `upTo` (YYYY-MM-DD). */
  static async mailboxesWithDueDigest(db: EntityManager, upTo: string): Promise<string[]> {
    const rows = await db.query<{ mailbox: string }[]>(
      `SELECT DISTINCT mailbox FROM mail_outbox WHERE status = 'held' AND digest_date <= $1::date ORDER BY mailbox`,
      [upTo],
    );
    return rows.map((row) => row.mailbox);
  }

  /**
   * Serialises digest composition for one mailbox across notifier instances until the transaction
   * ends (a transaction-scoped advisory lock). Call inside a transaction.
   */
  static async lockMailboxForDigest(db: EntityManager, mailbox: string): Promise<void> {
    await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DIGEST_LOCK, mailbox]);
  }

  /** A mailbox's held items due on or before `upTo`, oldest first. */
  static heldItems(db: EntityManager, mailbox: string, upTo: string): Promise<MailOutboxEntry[]> {
    return db
      .getRepository(MailOutboxEntry)
      .createQueryBuilder('mail')
      .where("mail.status = 'held'")
      .andWhere('mail.mailbox = :mailbox', { mailbox })
      .andWhere('mail.digestDate <= :upTo', { upTo })
      .orderBy('mail.createdAt', 'ASC')
      .addOrderBy('mail.mailId', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
  }

  /**
   * Records a digest mail (pending, sent by the outbox like any mail) and marks its items as
   * digested. The digest id is deterministic, so if this digest was recorded before, nothing
   * changes and the items stay held for the next one: an item is in exactly one digest.
   * Returns whether the digest was new. Call inside a transaction.
   */
  static async recordDigest(
    db: EntityManager,
    digest: NewDigest,
    itemIds: readonly string[],
  ): Promise<boolean> {
    const inserted = await db.query<{ mail_id: string }[]>(
      `INSERT INTO mail_outbox (mail_id, mailbox, subject, body_text, body_html, message_ids, status, mail_kind, digest_date)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, 'pending', 'digest', $7::date)
       ON CONFLICT (mail_id) DO NOTHING RETURNING mail_id`,
      [
        digest.mailId,
        digest.mailbox,
        digest.subject,
        digest.bodyText,
        digest.bodyHtml,
        JSON.stringify(digest.messageIds),
        digest.digestDate,
      ],
    );
    if (inserted.length === 0) return false;
    await db.query(
      `UPDATE mail_outbox SET status = 'digested', digest_id = $1 WHERE mail_id = ANY($2::uuid[]) AND status = 'held'`,
      [digest.mailId, itemIds],
    );
    return true;
  }
}
