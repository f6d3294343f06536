import { MigrationInterface, QueryRunner } from 'typeorm';

/** The router's record of which partner message ids it has routed, and from where (deduplication). */
export class MessageClaims1763850000000 implements MigrationInterface {
  name = 'MessageClaims1763850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE message_claim (
        message_id uuid PRIMARY KEY,
        source_topic text NOT NULL,
        source_partition int NOT NULL,
        source_offset bigint NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX message_claim_claimed_at_idx ON message_claim (claimed_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE message_claim');
  }
}
