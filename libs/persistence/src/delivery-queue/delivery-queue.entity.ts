import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * pending: waits for its partner; delivered: the partner took it (2xx); failed: refused for good
 * (4xx); parked: kept failing transiently (5xx, timeouts) until its partner's parking limit, and set
 * aside so the documents behind it move on (dead letter DELIVERY_PARKED, replayable).
 */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'parked';

/**
 * One document on its way to one partner system (the adapters' durable delivery queue). The adapter's
 * Kafka handler only enqueues; a delivery worker drains each partner's queue in `seq` order, so a
 * partner that is down makes only its own documents wait, and one citizen's documents for a partner
 * arrive in the order the router routed them.
 *
 * Personal data: `body` (the document, CPR number included, by law) and `sourceValue` (the consumed
 * record, kept for a dead letter) are stored sealed (AES-256-GCM, key `contentKeyId`; see
 * @hub/partner-delivery queue-cipher.ts) and cleared once the outcome event is on Kafka.
 */
@Entity({ name: 'delivery_queue' })
export class DeliveryQueueEntry {
  /** The routing id (or receipt id): the partner's idempotency key; enqueueing twice is a no-op. */
  @PrimaryColumn({ name: 'delivery_id', type: 'uuid' })
  deliveryId!: string;

  /** Enqueue order (bigserial, read as a string): a partner's documents are delivered in this order. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  /** `<kind>:<id>` of the receiving partner, e.g. `jobcenter:707`: the unit of ordering and isolation. */
  @Column({ type: 'text' })
  partner!: string;

  @Column({ name: 'receiver_kind', type: 'text' })
  receiverKind!: string;

  @Column({ name: 'receiver_id', type: 'text' })
  receiverId!: string;

  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  /** message | rejection-receipt */
  @Column({ name: 'document_type', type: 'text' })
  documentType!: string;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId!: string | null;

  /** The exact JSON body to POST (so every attempt signs the same bytes), sealed; null once settled and published. */
  @Column({ type: 'bytea', nullable: true })
  body!: Buffer | null;

  /**
   * The id of the key `body` and `sourceValue` are sealed with; null only for a row queued before
   * encryption (content in clear until its delivery worker seals it at start-up).
   */
  @Column({ name: 'content_key_id', type: 'text', nullable: true })
  contentKeyId!: string | null;

  @Column({ type: 'text', default: 'pending' })
  status!: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  /** When its first transient failure was: the parking time limit counts from here. */
  @Column({ name: 'first_failed_at', type: 'timestamptz', nullable: true })
  firstFailedAt!: Date | null;

  /** The dead letter (`<topic>/<partition>/<offset>`) a settled row was queued again for by a replay. */
  @Column({ name: 'replay_of', type: 'text', nullable: true })
  replayOf!: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'http_status', type: 'int', nullable: true })
  httpStatus!: number | null;

  @Column({ name: 'partner_reference', type: 'text', nullable: true })
  partnerReference!: string | null;

  @Column({ name: 'enqueued_at', type: 'timestamptz', default: () => 'now()' })
  enqueuedAt!: Date;

  /** When it was delivered, failed for good or parked. */
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** Whether the outcome event (DeliverySucceeded / DeliveryFailed, and a dead letter) is on Kafka. */
  @Column({ name: 'event_published', type: 'boolean', default: false })
  eventPublished!: boolean;

  // Where the routed record came from, for the dead letter of a refused document.
  @Column({ name: 'source_topic', type: 'text' })
  sourceTopic!: string;

  @Column({ name: 'source_partition', type: 'int' })
  sourcePartition!: number;

  @Column({ name: 'source_offset', type: 'text' })
  sourceOffset!: string;

  @Column({ name: 'source_key', type: 'bytea', nullable: true })
  sourceKey!: Buffer | null;

  @Column({ name: 'source_value', type: 'bytea', nullable: true })
  sourceValue!: Buffer | null;

  /** The record's headers, each as base64 of its (first) value, so a dead letter forwards them byte for byte. */
  @Column({ name: 'source_headers', type: 'jsonb', default: () => "'{}'" })
  sourceHeaders!: Record<string, string>;
}
