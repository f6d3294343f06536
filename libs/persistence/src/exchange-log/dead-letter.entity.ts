import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A record on the dead-letter topic, as the operator lists it: where it came from and why it was
 * set aside. The original bytes stay on the topic only (they may hold a CPR number), and the reason
 * text is stored with CPR numbers redacted.
 */
@Entity({ name: 'dead_letter' })
export class DeadLetterEntry {
  /** `<partition>/<offset>` on the dead-letter topic, as `hub deadletters replay --id` takes it. */
  @PrimaryColumn({ name: 'dead_letter_id', type: 'text' })
  deadLetterId!: string;

  @Column({ name: 'source_topic', type: 'text', nullable: true })
  sourceTopic!: string | null;

  @Column({ name: 'source_partition', type: 'int', nullable: true })
  sourcePartition!: number | null;

  @Column({ name: 'source_offset', type: 'text', nullable: true })
  sourceOffset!: string | null;

  /** The sending partner's slug, from an inbound source topic (e.g. `akasse-3f`). */
  @Index()
  @Column({ name: 'sender_slug', type: 'text', nullable: true })
  senderSlug!: string | null;

  @Column({ type: 'text', nullable: true })
  kind!: string | null;

  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId!: string | null;

  @Column({ name: 'reason_code', type: 'text' })
  reasonCode!: string;

  @Column({ name: 'reason_text', type: 'text' })
  reasonText!: string;

  @Index()
  @Column({ name: 'rejected_at', type: 'timestamptz' })
  rejectedAt!: Date;
}
