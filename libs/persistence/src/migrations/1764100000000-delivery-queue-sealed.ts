import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pending documents encrypted at rest (issue 16, item 5): `body` becomes bytes, so it can hold the
 * AES-256-GCM sealed document, and `content_key_id` names the key that sealed `body` and
 * `source_value` (@hub/partner-delivery, queue-cipher.ts). The migration holds no key: rows queued
 * before it keep their content in clear (as bytes) with no key id, and each receiver kind's delivery
 * worker seals its own at start-up, before it delivers anything.
 */
export class DeliveryQueueSealed1764100000000 implements MigrationInterface {
  name = 'DeliveryQueueSealed1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE delivery_queue ALTER COLUMN body TYPE bytea USING convert_to(body, 'UTF8')`,
    );
    await queryRunner.query(`ALTER TABLE delivery_queue ADD COLUMN content_key_id text`);
    // Rows still holding content in clear, found at start-up without reading the table.
    await queryRunner.query(
      `CREATE INDEX delivery_queue_unsealed_idx ON delivery_queue (receiver_kind)
         WHERE content_key_id IS NULL AND (body IS NOT NULL OR source_value IS NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Sealed content cannot be turned back into text without the key: it is dropped, and the rows
    // still pending are marked failed so that nothing pretends to be deliverable.
    await queryRunner.query(`DROP INDEX delivery_queue_unsealed_idx`);
    await queryRunner.query(
      `UPDATE delivery_queue SET status = 'failed', last_error = 'content sealed; dropped by a schema downgrade',
         completed_at = now(), body = NULL, source_value = NULL
       WHERE content_key_id IS NOT NULL AND status = 'pending'`,
    );
    await queryRunner.query(
      `UPDATE delivery_queue SET body = NULL, source_value = NULL WHERE content_key_id IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE delivery_queue DROP COLUMN content_key_id`);
    await queryRunner.query(
      `ALTER TABLE delivery_queue ALTER COLUMN body TYPE text USING convert_from(body, 'UTF8')`,
    );
  }
}
