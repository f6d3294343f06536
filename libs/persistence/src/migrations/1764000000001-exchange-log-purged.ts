import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which exchanges the retention job purged: a message id and when, nothing else. An event about a
 * purged exchange that arrives later (its delivery receipt, a mail) adds nothing back to its timeline,
 * so the log after purging does not depend on when the job ran (a replay gives the same rows).
 * A second migration with the same prefix: the first had already been applied in shared databases.
 */
export class ExchangeLogPurged1764000000001 implements MigrationInterface {
  name = 'ExchangeLogPurged1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE purged_exchange (
        message_id uuid PRIMARY KEY,
        purged_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE purged_exchange');
  }
}
