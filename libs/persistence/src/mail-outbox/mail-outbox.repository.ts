import type { EntityManager } from 'typeorm';

import { MailOutboxEntry } from './mail-outbox.entity';

export interface NewMail {
  mailId: string;
  mailbox: string;
  subject: string;
  bodyText: string;
  bodyHtml: string;
  messageIds: string[];
}

/** The notifier's outbox: mails are recorded first, then sent by whichever instance claims them. */
export class MailOutboxRepository {
  /** Records mails; one already recorded (same deterministic id) is left as it is. Returns how many were new. */
  static async record(db: EntityManager, mails: readonly NewMail[]): Promise<number> {
    if (mails.length === 0) return 0;
    const result = await db
      .createQueryBuilder()
      .insert()
      .into(MailOutboxEntry)
      .values(mails.map((mail) => ({ ...mail })))
      .orIgnore()
      .returning(['mailId'])
      .execute();
    return result.raw instanceof Array ? result.raw.length : 0;
  }

  /**
   * Claims due mails for this instance: rows locked FOR UPDATE SKIP LOCKED, so several notifier
   * instances never send the same mail at the same time. Call inside a transaction.
   */
  static claimDue(db: EntityManager, limit: number): Promise<MailOutboxEntry[]> {
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
}
