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

/** A mail claimed for sending (claimForSending). */
export interface SendingMail {
  mailId: string;
  mailbox: string;
  subject: string;
  bodyText: string;
  bodyHtml: string;
  mailKind: string;
  attempts: number;
  resends: number;
  sendingSince: Date;
  /** Found `sending` past the timeout: its sender was interrupted, and it may have gone out already. */
  interrupted: boolean;
}

/** A mail the SMTP server refused for good (MailOutboxRepository.failed). */
export interface FailedMail {
  mailId: string;
  mailbox: string;
  subject: string;
  attempts: number;
  /** The server's answer, as it gave it. */
  reason: string;
  createdAt: Date;
}

interface SendingRow {
  mail_id: string;
  mailbox: string;
  subject: string;
  body_text: string;
  body_html: string;
  mail_kind: string;
  attempts: number;
  resends: number;
  sending_since: Date;
  interrupted: boolean;
}

/**
 * Advisory lock namespace for composing a mailbox's digest. Advisory locks are the whole database's:
 * 727001 is `hub db migrate`, 727002 the adapters' partner locks (@hub/partner-delivery), which
 * share this database, so a mailbox whose hashtext equals a partner's key would share its lock.
 */
const DIGEST_LOCK = 727003;

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
   * Claims up to `limit` mails for this instance to send, and marks them `sending` (since now, by
   * `instance`) in one statement that commits before any of them goes to SMTP: the due `pending`
   * mails, and the mails another sender left `sending` for longer than `sendingTimeoutMs` (it was
   * interrupted between SMTP and settling them, so they may have gone out: `interrupted`, and
   * `resends` counts them). FOR UPDATE SKIP LOCKED, so several notifier instances never claim the
   * same mail; a mail stays out of every other instance's reach while `sending` within the timeout.
   */
  static async claimForSending(
    db: EntityManager,
    limit: number,
    instance: string,
    sendingTimeoutMs: number,
  ): Promise<SendingMail[]> {
    const [rows]: [SendingRow[], number] = await db.query(
      `WITH due AS (
         SELECT mail_id, status AS was FROM mail_outbox
          WHERE (status = 'pending' AND next_attempt_at <= now())
             OR (status = 'sending' AND sending_since <= now() - ($3 || ' milliseconds')::interval)
          ORDER BY created_at LIMIT $1
          FOR UPDATE SKIP LOCKED
       )
       UPDATE mail_outbox m
          SET status = 'sending', sending_since = now(), sending_by = $2,
              resends = m.resends + CASE WHEN due.was = 'sending' THEN 1 ELSE 0 END
         FROM due WHERE m.mail_id = due.mail_id
       RETURNING m.mail_id, m.mailbox, m.subject, m.body_text, m.body_html, m.mail_kind, m.attempts,
                 m.resends, m.sending_since, due.was = 'sending' AS interrupted`,
      [limit, instance, String(sendingTimeoutMs)],
    );
    return rows.map((row) => ({
      mailId: row.mail_id,
      mailbox: row.mailbox,
      subject: row.subject,
      bodyText: row.body_text,
      bodyHtml: row.body_html,
      mailKind: row.mail_kind,
      attempts: row.attempts,
      resends: row.resends,
      sendingSince: new Date(row.sending_since),
      interrupted: row.interrupted,
    }));
  }

  /**
   * The SMTP server took the mail: `sent`. Only a mail still `sending` is settled (a mail another
   * instance took over and settled stays as it is). True when this call settled it.
   */
  static async settleSent(db: EntityManager, mailId: string): Promise<boolean> {
    const [, changed]: [unknown[], number] = await db.query(
      `UPDATE mail_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL,
         sending_since = NULL, sending_by = NULL
       WHERE mail_id = $1 AND status = 'sending'`,
      [mailId],
    );
    return changed > 0;
  }

  /** The SMTP server did not take the mail: `pending` again, due after `retryInMs`. */
  static async settleNotSent(
    db: EntityManager,
    mailId: string,
    error: string,
    retryInMs: number,
  ): Promise<void> {
    await db.query(
      `UPDATE mail_outbox SET status = 'pending', attempts = attempts + 1, last_error = $2,
         next_attempt_at = now() + ($3 || ' milliseconds')::interval, sending_since = NULL, sending_by = NULL
       WHERE mail_id = $1 AND status = 'sending'`,
      [mailId, error.slice(0, 1000), String(retryInMs)],
    );
  }

  /**
   * The SMTP server refused the mail for good (a 5xx to its envelope or content): `failed`, with
   * the server's reason, never claimed again. True when this call settled it.
   */
  static async settleRefused(db: EntityManager, mailId: string, reason: string): Promise<boolean> {
    const [, changed]: [unknown[], number] = await db.query(
      `UPDATE mail_outbox SET status = 'failed', attempts = attempts + 1, last_error = $2,
         sending_since = NULL, sending_by = NULL
       WHERE mail_id = $1 AND status = 'sending'`,
      [mailId, reason.slice(0, 1000)],
    );
    return changed > 0;
  }

  /** Mails the SMTP server refused for good (`failed`), newest first, with the server's reason. */
  static async failed(db: EntityManager, limit: number): Promise<FailedMail[]> {
    const rows = await db.query<
      {
        mail_id: string;
        mailbox: string;
        subject: string;
        attempts: number;
        last_error: string | null;
        created_at: Date;
      }[]
    >(
      `SELECT mail_id, mailbox, subject, attempts, last_error, created_at FROM mail_outbox
        WHERE status = 'failed' ORDER BY created_at DESC, mail_id LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      mailId: row.mail_id,
      mailbox: row.mailbox,
      subject: row.subject,
      attempts: row.attempts,
      reason: row.last_error ?? '',
      createdAt: new Date(row.created_at),
    }));
  }

  /**
   * Sends refused mails again (once the mailbox or the server is fixed): `failed` → `pending`, due
   * now. Returns the ids that were failed and are pending now.
   */
  static async retryFailed(db: EntityManager, mailIds: readonly string[]): Promise<string[]> {
    if (mailIds.length === 0) return [];
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [{ mail_id: string }[], number] = await db.query(
      `UPDATE mail_outbox SET status = 'pending', next_attempt_at = now()
        WHERE mail_id = ANY($1::uuid[]) AND status = 'failed' RETURNING mail_id`,
      [mailIds],
    );
    return rows.map((row) => row.mail_id);
  }

  /**
   * Gives back mails this instance claimed and never handed to SMTP (the server went away, the
   * pass stopped, or their lease was half over): `pending` again, due after `retryInMs`, no attempt
   * counted. Only mails still `sending` by `instance` are touched.
   */
  static async release(
    db: EntityManager,
    mailIds: readonly string[],
    instance: string,
    retryInMs: number,
  ): Promise<void> {
    if (mailIds.length === 0) return;
    await db.query(
      `UPDATE mail_outbox SET status = 'pending', next_attempt_at = now() + ($3 || ' milliseconds')::interval,
         sending_since = NULL, sending_by = NULL
       WHERE mail_id = ANY($1::uuid[]) AND status = 'sending' AND sending_by = $2`,
      [mailIds, instance, String(retryInMs)],
    );
  }

  /**
   * The outbox's backlog: mails not yet sent (`pending` or `sending`) and the age of the oldest of
   * them (since it was recorded), by the database's clock. Held digest items are not counted: they
   * wait for their digest by design.
   */
  static async backlog(db: EntityManager): Promise<{ depth: number; oldestAgeSeconds: number }> {
    const [row] = await db.query<{ depth: string; oldest_age_seconds: string | null }[]>(
      `SELECT count(*) AS depth, EXTRACT(EPOCH FROM now() - min(created_at)) AS oldest_age_seconds
         FROM mail_outbox WHERE status IN ('pending', 'sending')`,
    );
    return {
      depth: Number(row.depth),
      oldestAgeSeconds: Math.max(0, Number(row.oldest_age_seconds ?? 0)),
    };
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
