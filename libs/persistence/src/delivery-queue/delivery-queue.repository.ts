import type { EntityManager } from 'typeorm';

import { DeliveryQueueEntry } from './delivery-queue.entity';

export interface NewDelivery {
  deliveryId: string;
  partner: string;
  receiverKind: string;
  receiverId: string;
  messageId: string | null;
  documentType: string;
  correlationId: string | null;
  /** The document, sealed with `contentKeyId` (the queue never takes content in clear). */
  body: Buffer;
  contentKeyId: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  sourceKey: Buffer | null;
  /** The routed record's value, sealed with `contentKeyId`. */
  sourceValue: Buffer | null;
  sourceHeaders: Record<string, string>;
  /**
   * Set when the record is a dead letter replayed by an operator (`hub-replay-of`): a row of the same
   * delivery id that was settled as failed or parked is queued again, once per replayed dead letter.
   */
  replayOf?: string | null;
}

/** One partner's pending documents: how many, and how long the oldest has waited. */
export interface PartnerQueueStats {
  partner: string;
  depth: number;
  oldestAgeSeconds: number;
}

/** A row whose content is still in clear (queued before encryption): to be sealed. */
export interface UnsealedDelivery {
  deliveryId: string;
  body: Buffer | null;
  sourceValue: Buffer | null;
}

/** The oldest pending document of one partner: the only one of that partner that may be attempted. */
export interface PartnerHead {
  partner: string;
  nextAttemptAt: Date;
}

/**
 * The adapters' delivery queue. Every statement is a single one (autocommit) unless the caller passes
 * a transaction's manager; the worker that calls them holds the partner's lock (see PartnerLocks in
 * @hub/partner-delivery), so status changes of one partner's rows never race.
 */
export class DeliveryQueueRepository {
  /**
   * Enqueues a document, due at once; one already queued (same delivery id) is left as it is. True
   * when new. Due times are set from the adapter's clock, which is what the worker compares them with.
   *
   * A replayed dead letter (`delivery.replayOf`) of a document that was refused or parked queues it
   * again, at the end of its partner's queue (a new `seq`, as if it had just arrived) with its
   * attempts and outcome cleared; the same replay handed over again (a redelivered record) is a no-op.
   */
  static async enqueue(db: EntityManager, delivery: NewDelivery, now: Date = new Date()): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `INSERT INTO delivery_queue (delivery_id, partner, receiver_kind, receiver_id, message_id, document_type,
         correlation_id, body, source_topic, source_partition, source_offset, source_key, source_value, source_headers,
         next_attempt_at, content_key_id, replay_of)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (delivery_id) DO UPDATE SET
         seq = nextval(pg_get_serial_sequence('delivery_queue', 'seq')),
         status = 'pending', attempts = 0, first_failed_at = NULL, last_error = NULL, http_status = NULL,
         partner_reference = NULL, completed_at = NULL, event_published = false,
         next_attempt_at = EXCLUDED.next_attempt_at, enqueued_at = now(), correlation_id = EXCLUDED.correlation_id,
         body = EXCLUDED.body, content_key_id = EXCLUDED.content_key_id, source_topic = EXCLUDED.source_topic,
         source_partition = EXCLUDED.source_partition, source_offset = EXCLUDED.source_offset,
         source_key = EXCLUDED.source_key, source_value = EXCLUDED.source_value,
         source_headers = EXCLUDED.source_headers, replay_of = EXCLUDED.replay_of
       WHERE EXCLUDED.replay_of IS NOT NULL
         AND delivery_queue.status IN ('failed', 'parked')
         AND delivery_queue.replay_of IS DISTINCT FROM EXCLUDED.replay_of
       RETURNING seq`,
      [
        delivery.deliveryId,
        delivery.partner,
        delivery.receiverKind,
        delivery.receiverId,
        delivery.messageId,
        delivery.documentType,
        delivery.correlationId,
        delivery.body,
        delivery.sourceTopic,
        delivery.sourcePartition,
        delivery.sourceOffset,
        delivery.sourceKey,
        delivery.sourceValue,
        JSON.stringify(delivery.sourceHeaders),
        now,
        delivery.contentKeyId,
        delivery.replayOf ?? null,
      ],
    );
    return rows.length > 0;
  }

  /**
   * The head (oldest pending row) of every partner of one receiver kind that has pending rows. A loose
   * index scan over delivery_queue_pending_idx (receiver_kind, partner, seq): one index probe per
   * partner, however long a dead partner's backlog has grown, where DISTINCT ON would read every
   * pending row on each poll.
   */
  static async pendingHeads(db: EntityManager, receiverKind: string, limit: number): Promise<PartnerHead[]> {
    const rows: { partner: string; next_attempt_at: Date }[] = await db.query(
      `WITH RECURSIVE heads AS (
         (SELECT partner, next_attempt_at FROM delivery_queue
           WHERE status = 'pending' AND receiver_kind = $1 ORDER BY partner, seq LIMIT 1)
         UNION ALL
         SELECT next.partner, next.next_attempt_at FROM heads
         CROSS JOIN LATERAL (
           SELECT partner, next_attempt_at FROM delivery_queue
            WHERE status = 'pending' AND receiver_kind = $1 AND partner > heads.partner
            ORDER BY partner, seq LIMIT 1
         ) next
       )
       SELECT partner, next_attempt_at FROM heads LIMIT $2`,
      [receiverKind, limit],
    );
    return rows.map((row) => ({ partner: row.partner, nextAttemptAt: new Date(row.next_attempt_at) }));
  }

  /** Rows of one receiver kind whose content is still in clear, up to `limit`. */
  static async unsealed(db: EntityManager, receiverKind: string, limit: number): Promise<UnsealedDelivery[]> {
    const rows: { delivery_id: string; body: Buffer | null; source_value: Buffer | null }[] = await db.query(
      `SELECT delivery_id, body, source_value FROM delivery_queue
        WHERE receiver_kind = $1 AND content_key_id IS NULL AND (body IS NOT NULL OR source_value IS NOT NULL)
        LIMIT $2`,
      [receiverKind, limit],
    );
    return rows.map((row) => ({
      deliveryId: row.delivery_id,
      body: row.body,
      sourceValue: row.source_value,
    }));
  }

  /** Replaces a row's content in clear by the same content sealed with `keyId` (only if still in clear). */
  static async seal(
    db: EntityManager,
    deliveryId: string,
    sealed: { body: Buffer | null; sourceValue: Buffer | null },
    keyId: string,
  ): Promise<void> {
    await db.query(
      `UPDATE delivery_queue SET body = $2, source_value = $3, content_key_id = $4
        WHERE delivery_id = $1 AND content_key_id IS NULL`,
      [deliveryId, sealed.body, sealed.sourceValue, keyId],
    );
  }

  /** How many rows of one receiver kind still hold content, per key id that sealed it. */
  static async contentKeyIds(db: EntityManager, receiverKind: string): Promise<Map<string, number>> {
    const rows: { content_key_id: string; rows: string }[] = await db.query(
      `SELECT content_key_id, count(*) AS rows FROM delivery_queue
        WHERE receiver_kind = $1 AND content_key_id IS NOT NULL AND (body IS NOT NULL OR source_value IS NOT NULL)
        GROUP BY content_key_id`,
      [receiverKind],
    );
    return new Map(rows.map((row) => [row.content_key_id, Number(row.rows)]));
  }

  /** The partner's oldest pending document, if any. */
  static head(db: EntityManager, partner: string): Promise<DeliveryQueueEntry | null> {
    return db
      .getRepository(DeliveryQueueEntry)
      .createQueryBuilder('delivery')
      .where('delivery.partner = :partner', { partner })
      .andWhere("delivery.status = 'pending'")
      .orderBy('delivery.seq', 'ASC')
      .limit(1)
      .getOne();
  }

  static async markDelivered(
    db: EntityManager,
    deliveryId: string,
    httpStatus: number,
    partnerReference: string | null,
  ): Promise<void> {
    await db.query(
      `UPDATE delivery_queue SET status = 'delivered', attempts = attempts + 1, http_status = $2,
         partner_reference = $3, last_error = NULL, completed_at = now()
       WHERE delivery_id = $1 AND status = 'pending'`,
      [deliveryId, httpStatus, partnerReference],
    );
  }

  static async markFailed(
    db: EntityManager,
    deliveryId: string,
    httpStatus: number | null,
    reason: string,
  ): Promise<void> {
    await db.query(
      `UPDATE delivery_queue SET status = 'failed', attempts = attempts + 1, http_status = $2, last_error = $3,
         completed_at = now()
       WHERE delivery_id = $1 AND status = 'pending'`,
      [deliveryId, httpStatus, reason.slice(0, 2000)],
    );
  }

  /**
   * A transient failure: the document stays at the head of its partner's queue until nextAttemptAt.
   * `byPartner` (the partner failed, not the hub) starts the parking time limit at the first one.
   */
  static async markRetry(
    db: EntityManager,
    deliveryId: string,
    httpStatus: number | null,
    error: string,
    nextAttemptAt: Date,
    byPartner = true,
  ): Promise<void> {
    await db.query(
      `UPDATE delivery_queue SET attempts = attempts + 1, http_status = $2, last_error = $3, next_attempt_at = $4,
         first_failed_at = CASE WHEN $5 THEN COALESCE(first_failed_at, now()) ELSE first_failed_at END
       WHERE delivery_id = $1 AND status = 'pending'`,
      [deliveryId, httpStatus, error.slice(0, 2000), nextAttemptAt, byPartner],
    );
  }

  /**
   * A document that kept failing transiently until its partner's parking limit: settled, so the
   * partner's next document becomes the head; its outcome (DeliveryFailed, dead letter
   * DELIVERY_PARKED) is published like a refusal's. `reason` names the limit and the last answer.
   */
  static async markParked(
    db: EntityManager,
    deliveryId: string,
    httpStatus: number | null,
    reason: string,
  ): Promise<void> {
    await db.query(
      `UPDATE delivery_queue SET status = 'parked', attempts = attempts + 1, http_status = $2, last_error = $3,
         first_failed_at = COALESCE(first_failed_at, now()), completed_at = now()
       WHERE delivery_id = $1 AND status = 'pending'`,
      [deliveryId, httpStatus, reason.slice(0, 2000)],
    );
  }

  /**
   * Pending documents per partner of one receiver kind: how many and the age of the oldest (by the
   * database's clock). Reads the pending rows only (delivery_queue_pending_idx).
   */
  static async queueStats(db: EntityManager, receiverKind: string): Promise<PartnerQueueStats[]> {
    const rows: { partner: string; depth: string; oldest_age_seconds: string }[] = await db.query(
      `SELECT partner, count(*) AS depth, EXTRACT(EPOCH FROM now() - min(enqueued_at)) AS oldest_age_seconds
         FROM delivery_queue WHERE status = 'pending' AND receiver_kind = $1
        GROUP BY partner`,
      [receiverKind],
    );
    return rows.map((row) => ({
      partner: row.partner,
      depth: Number(row.depth),
      oldestAgeSeconds: Math.max(0, Number(row.oldest_age_seconds)),
    }));
  }

  /**
   * Settled documents of one receiver kind whose outcome event is not on Kafka yet, oldest first,
   * locked FOR UPDATE SKIP LOCKED so instances publishing at the same time share them. Call inside a
   * transaction.
   */
  static claimUnpublished(
    db: EntityManager,
    receiverKind: string,
    limit: number,
  ): Promise<DeliveryQueueEntry[]> {
    return db
      .getRepository(DeliveryQueueEntry)
      .createQueryBuilder('delivery')
      .where('delivery.receiverKind = :receiverKind', { receiverKind })
      .andWhere("delivery.status IN ('delivered', 'failed', 'parked')")
      .andWhere('delivery.eventPublished = false')
      .orderBy('delivery.completedAt', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** The outcome is on Kafka: forget the document's content (it holds a CPR number), keep the facts. */
  static async markPublished(db: EntityManager, deliveryIds: readonly string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await db.query(
      `UPDATE delivery_queue SET event_published = true, body = NULL, source_value = NULL
       WHERE delivery_id = ANY($1::uuid[])`,
      [deliveryIds],
    );
  }

  /** Deletes settled, published rows of one receiver kind older than the given days; returns how many. */
  static async purgeSettled(db: EntityManager, receiverKind: string, olderThanDays: number): Promise<number> {
    const result: [unknown[], number] = await db.query(
      `DELETE FROM delivery_queue
       WHERE receiver_kind = $1 AND status <> 'pending' AND event_published
         AND completed_at < now() - ($2 || ' days')::interval`,
      [receiverKind, String(olderThanDays)],
    );
    return result[1];
  }
}
