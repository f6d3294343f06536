import { MigrationInterface, QueryRunner } from 'typeorm';

/** The exchange log, its idempotency table, and the mail outbox. */
export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE exchange_log (
        message_id uuid PRIMARY KEY,
        kind text,
        channel text NOT NULL,
        sender_kind text NOT NULL,
        sender_id text NOT NULL,
        receivers jsonb NOT NULL DEFAULT '[]',
        correlation_id text,
        agreement_id text,
        clause_ref text,
        status text NOT NULL,
        verdict text,
        findings jsonb NOT NULL DEFAULT '[]',
        reason_code text,
        citizen_pseudonym text,
        exchange_date date,
        queued_at timestamptz,
        routed_at timestamptz,
        rejected_at timestamptz,
        delivered_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const column of [
      'kind',
      'sender_kind',
      'sender_id',
      'agreement_id',
      'status',
      'citizen_pseudonym',
      'exchange_date',
    ]) {
      await queryRunner.query(`CREATE INDEX exchange_log_${column}_idx ON exchange_log (${column})`);
    }
    await queryRunner.query(`
      CREATE TABLE applied_event (
        event_id uuid PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE mail_outbox (
        mail_id uuid PRIMARY KEY,
        mailbox text NOT NULL,
        subject text NOT NULL,
        body_text text NOT NULL,
        body_html text NOT NULL,
        message_ids jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL DEFAULT 'pending',
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        event_published boolean NOT NULL DEFAULT false
      )`);
    await queryRunner.query(
      `CREATE INDEX mail_outbox_pending_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE mail_outbox');
    await queryRunner.query('DROP TABLE applied_event');
    await queryRunner.query('DROP TABLE exchange_log');
  }
}
