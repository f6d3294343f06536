import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notifier's daily digest (issue 6): an agreement with `notifications.digest: daily` holds its
 * mailboxes' informational mails for one digest a day instead of one mail per message.
 *
 * - `mail_kind`: `single` (a mail of its own, as before), `digest-item` (held for a digest, never
 *   sent by itself) or `digest` (the day's digest mail of a mailbox; its id is derived from mailbox
 *   and date, so composing it twice is a no-op).
 * - `status` gains `held` (an item waiting for its digest) and `digested` (an item in a digest).
 * - `digest_date`: the Danish date of the digest an item belongs to, or that a digest is for.
 * - `digest_id`: on an item, the digest mail it went out in.
 * - `digest_item`: what the digest lists about the item (reference, what, sender, deadline,
 *   agreement, findings) - like the mail itself, no name and no CPR number.
 */
export class NotificationDigest1763950000000 implements MigrationInterface {
  name = 'NotificationDigest1763950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE mail_outbox
        ADD COLUMN mail_kind text NOT NULL DEFAULT 'single',
        ADD COLUMN digest_date date,
        ADD COLUMN digest_id uuid,
        ADD COLUMN digest_item jsonb`);
    await queryRunner.query(
      `CREATE INDEX mail_outbox_held_idx ON mail_outbox (mailbox, digest_date) WHERE status = 'held'`,
    );
    await queryRunner.query(
      'CREATE INDEX mail_outbox_digest_id_idx ON mail_outbox (digest_id) WHERE digest_id IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX mail_outbox_digest_id_idx');
    await queryRunner.query('DROP INDEX mail_outbox_held_idx');
    await queryRunner.query(`
      ALTER TABLE mail_outbox
        DROP COLUMN digest_item,
        DROP COLUMN digest_id,
        DROP COLUMN digest_date,
        DROP COLUMN mail_kind`);
  }
}
