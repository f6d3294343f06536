import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monitor's follow-up of the agreements (issue 7): answers on the exchange log,
 * the deadlines exchanges create (`exchange_expectation`), each exchange's timeline, and the dead
 * letters as the operator sees them (reasons only, never the original bytes).
 */
export class ExchangeLogMonitoring1764000000000 implements MigrationInterface {
  name = 'ExchangeLogMonitoring1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE exchange_log
        ADD COLUMN causation_id text,
        ADD COLUMN answered_by uuid,
        ADD COLUMN answered_kind text,
        ADD COLUMN answered_on date,
        ADD COLUMN answered_at timestamptz`);
    await queryRunner.query('CREATE INDEX exchange_log_causation_id_idx ON exchange_log (causation_id)');
    await queryRunner.query('CREATE INDEX exchange_log_routed_at_idx ON exchange_log (routed_at)');
    await queryRunner.query('CREATE INDEX exchange_log_receivers_idx ON exchange_log USING gin (receivers)');
    await queryRunner.query('CREATE INDEX exchange_log_findings_idx ON exchange_log USING gin (findings)');

    await queryRunner.query(`
      CREATE TABLE exchange_expectation (
        expectation_id uuid PRIMARY KEY,
        trigger_message_id uuid NOT NULL,
        trigger_kind text NOT NULL,
        trigger_date date NOT NULL,
        kind text NOT NULL,
        rule_code text NOT NULL,
        due_on date NOT NULL,
        responsible_kind text NOT NULL,
        responsible_id text NOT NULL,
        agreement_id text NOT NULL,
        clause_ref text NOT NULL,
        expected_kinds jsonb NOT NULL DEFAULT '[]',
        conditional boolean NOT NULL DEFAULT false,
        citizen_pseudonym text,
        correlation_id text,
        fulfilled_by uuid,
        fulfilled_kind text,
        fulfilled_on date,
        fulfilled_at timestamptz,
        response_working_days int,
        due_event_id uuid,
        due_raised_at timestamptz,
        overdue_event_id uuid,
        overdue_raised_at timestamptz
      )`);
    for (const column of ['trigger_message_id', 'agreement_id', 'citizen_pseudonym', 'trigger_date']) {
      await queryRunner.query(
        `CREATE INDEX exchange_expectation_${column}_idx ON exchange_expectation (${column})`,
      );
    }
    await queryRunner.query(
      'CREATE INDEX exchange_expectation_open_idx ON exchange_expectation (due_on) WHERE fulfilled_by IS NULL',
    );

    await queryRunner.query(`
      CREATE TABLE exchange_timeline (
        event_id uuid PRIMARY KEY,
        message_id uuid NOT NULL,
        step text NOT NULL,
        at timestamptz NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query(
      'CREATE INDEX exchange_timeline_message_id_idx ON exchange_timeline (message_id, at)',
    );

    await queryRunner.query(`
      CREATE TABLE dead_letter (
        dead_letter_id text PRIMARY KEY,
        source_topic text,
        source_partition int,
        source_offset text,
        sender_slug text,
        kind text,
        message_id text,
        correlation_id text,
        reason_code text NOT NULL,
        reason_text text NOT NULL,
        rejected_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX dead_letter_rejected_at_idx ON dead_letter (rejected_at)');
    await queryRunner.query('CREATE INDEX dead_letter_sender_slug_idx ON dead_letter (sender_slug)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE dead_letter');
    await queryRunner.query('DROP TABLE exchange_timeline');
    await queryRunner.query('DROP TABLE exchange_expectation');
    await queryRunner.query(`
      ALTER TABLE exchange_log
        DROP COLUMN causation_id, DROP COLUMN answered_by, DROP COLUMN answered_kind,
        DROP COLUMN answered_on, DROP COLUMN answered_at`);
  }
}
