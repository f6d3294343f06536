import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery policy (issue 13, item 3): a document that keeps failing transiently is settled as
 * `parked` after its partner's limit, so the queue behind it moves on.
 *
 * - `status` gains `parked` (settled like `failed`: outcome event, dead letter DELIVERY_PARKED);
 * - `first_failed_at`: when the document's first transient failure was, the start of the time limit
 *   (not `enqueued_at`: a document that waited behind another must not be parked on its first try);
 * - `replay_of`: the dead letter (`hub-replay-of`) a settled row was queued again for, so a replay is
 *   queued once, however often Kafka hands its record over.
 */
export class DeliveryParking1764200000000 implements MigrationInterface {
  name = 'DeliveryParking1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE delivery_queue DROP CONSTRAINT delivery_queue_status_check`);
    await queryRunner.query(
      `ALTER TABLE delivery_queue ADD CONSTRAINT delivery_queue_status_check
         CHECK (status IN ('pending', 'delivered', 'failed', 'parked'))`,
    );
    await queryRunner.query(`ALTER TABLE delivery_queue ADD COLUMN first_failed_at timestamptz`);
    await queryRunner.query(`ALTER TABLE delivery_queue ADD COLUMN replay_of text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // A parked document was not delivered and will not be tried again unless replayed: failed for good.
    await queryRunner.query(`UPDATE delivery_queue SET status = 'failed' WHERE status = 'parked'`);
    await queryRunner.query(`ALTER TABLE delivery_queue DROP COLUMN replay_of`);
    await queryRunner.query(`ALTER TABLE delivery_queue DROP COLUMN first_failed_at`);
    await queryRunner.query(`ALTER TABLE delivery_queue DROP CONSTRAINT delivery_queue_status_check`);
    await queryRunner.query(
      `ALTER TABLE delivery_queue ADD CONSTRAINT delivery_queue_status_check
         CHECK (status IN ('pending', 'delivered', 'failed'))`,
    );
  }
}
