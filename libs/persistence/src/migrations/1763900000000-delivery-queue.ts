import { MigrationInterface, QueryRunner } from 'typeorm';

/** The partner adapters' durable delivery queue (issue 6): one row per document for one partner. */
export class DeliveryQueue1763900000000 implements MigrationInterface {
  name = 'DeliveryQueue1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE delivery_queue (
        delivery_id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        partner text NOT NULL,
        receiver_kind text NOT NULL,
        receiver_id text NOT NULL,
        message_id text,
        document_type text NOT NULL,
        correlation_id text,
        body text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        http_status int,
        partner_reference text,
        enqueued_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        event_published boolean NOT NULL DEFAULT false,
        source_topic text NOT NULL,
        source_partition int NOT NULL,
        source_offset text NOT NULL,
        source_key bytea,
        source_value bytea,
        source_headers jsonb NOT NULL DEFAULT '{}'
      )`);
    // Each partner's pending documents in delivery order, per adapter (receiver kind): the worker
    // reads the head of each partner.
    await queryRunner.query(
      `CREATE INDEX delivery_queue_pending_idx ON delivery_queue (receiver_kind, partner, seq) WHERE status = 'pending'`,
    );
    // Settled documents whose outcome event is still to be published.
    await queryRunner.query(
      `CREATE INDEX delivery_queue_unpublished_idx ON delivery_queue (receiver_kind, completed_at)
         WHERE status <> 'pending' AND NOT event_published`,
    );
    await queryRunner.query(`CREATE INDEX delivery_queue_message_id_idx ON delivery_queue (message_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE delivery_queue');
  }
}
