import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Crash-safe mail (issue 13, item 3): a mail is marked `sending` (when, by which notifier instance)
 * in its own committed statement before it goes to SMTP, and settled `sent` after, so a mail found
 * `sending` long after its sender took it is known to have been interrupted between the two: it is
 * sent again and counted in `resends`.
 */
export class MailSending1764200000001 implements MigrationInterface {
  name = 'MailSending1764200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE mail_outbox ADD COLUMN sending_since timestamptz`);
    await queryRunner.query(`ALTER TABLE mail_outbox ADD COLUMN sending_by text`);
    await queryRunner.query(`ALTER TABLE mail_outbox ADD COLUMN resends int NOT NULL DEFAULT 0`);
    // Senders look for mails left `sending` past the timeout on every pass.
    await queryRunner.query(
      `CREATE INDEX mail_outbox_sending_idx ON mail_outbox (sending_since) WHERE status = 'sending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // A mail being sent is pending again for the leased sender of the older code.
    await queryRunner.query(`UPDATE mail_outbox SET status = 'pending' WHERE status = 'sending'`);
    await queryRunner.query(`DROP INDEX mail_outbox_sending_idx`);
    await queryRunner.query(`ALTER TABLE mail_outbox DROP COLUMN resends`);
    await queryRunner.query(`ALTER TABLE mail_outbox DROP COLUMN sending_by`);
    await queryRunner.query(`ALTER TABLE mail_outbox DROP COLUMN sending_since`);
  }
}
