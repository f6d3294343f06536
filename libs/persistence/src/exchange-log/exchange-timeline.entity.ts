import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One step in an exchange's life (routed, rejected, delivered to a receiver, answered, deadline
 * due or overdue, caseworker mailed), one row per hub event that caused it: the exchange's timeline.
 * `detail` holds parties, codes and mailboxes, never a CPR number or a pseudonym.
 */
@Entity({ name: 'exchange_timeline' })
export class ExchangeTimelineEntry {
  /** The hub event's id (for an answer: derived from the answer's event and the answered message). */
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Index()
  @Column({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  /** routed | rejected | delivered | delivery_failed | answered | answers | deadline_due | deadline_overdue | notified */
  @Column({ type: 'text' })
  step!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  detail!: Record<string, unknown>;
}
