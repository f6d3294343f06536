import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export interface PartyColumn {
  kind: string;
  id: string;
}

export interface FindingColumn {
  code: string;
  severity: string;
  agreementId: string | null;
  clauseRef: string;
  messageDa: string;
  messageEn: string;
}

/**
 * One row per exchange (a partner message), built by the monitor from the hub's events. It holds what
 * the agreements are followed up on - kind, parties, agreement and clause, findings, lifecycle times -
 * and a keyed pseudonym of the citizen, never the CPR number or the payload.
 */
@Entity({ name: 'exchange_log' })
export class ExchangeLogEntry {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @Index()
  @Column({ type: 'text', nullable: true })
  kind!: string | null;

  @Column({ type: 'text' })
  channel!: string;

  @Index()
  @Column({ name: 'sender_kind', type: 'text' })
  senderKind!: string;

  @Index()
  @Column({ name: 'sender_id', type: 'text' })
  senderId!: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  receivers!: PartyColumn[];

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId!: string | null;

  @Index()
  @Column({ name: 'agreement_id', type: 'text', nullable: true })
  agreementId!: string | null;

  @Column({ name: 'clause_ref', type: 'text', nullable: true })
  clauseRef!: string | null;

  /** routed | rejected | delivered | delivery_failed */
  @Index()
  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text', nullable: true })
  verdict!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  findings!: FindingColumn[];

  @Column({ name: 'reason_code', type: 'text', nullable: true })
  reasonCode!: string | null;

  @Index()
  @Column({ name: 'citizen_pseudonym', type: 'text', nullable: true })
  citizenPseudonym!: string | null;

  @Index()
  @Column({ name: 'exchange_date', type: 'date', nullable: true })
  exchangeDate!: string | null;

  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true })
  queuedAt!: Date | null;

  @Column({ name: 'routed_at', type: 'timestamptz', nullable: true })
  routedAt!: Date | null;

  @Column({ name: 'rejected_at', type: 'timestamptz', nullable: true })
  rejectedAt!: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  /** The message this one answers (envelope.causationId), linking an answer to what it answers. */
  @Index()
  @Column({ name: 'causation_id', type: 'text', nullable: true })
  causationId!: string | null;

  /** The first routed answer to this exchange (a message whose causation id is this one's id). */
  @Column({ name: 'answered_by', type: 'uuid', nullable: true })
  answeredBy!: string | null;

  @Column({ name: 'answered_kind', type: 'text', nullable: true })
  answeredKind!: string | null;

  /** The answer's Danish exchange date: timeliness is counted in Danish working days. */
  @Column({ name: 'answered_on', type: 'date', nullable: true })
  answeredOn!: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** Hub events already applied to the log: the projection is idempotent on event id. */
@Entity({ name: 'applied_event' })
export class AppliedEvent {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'applied_at', type: 'timestamptz', default: () => 'now()' })
  appliedAt!: Date;
}

/** Exchanges the retention job purged (message id only): later events about them add nothing back. */
@Entity({ name: 'purged_exchange' })
export class PurgedExchange {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @Column({ name: 'purged_at', type: 'timestamptz', default: () => 'now()' })
  purgedAt!: Date;
}

export * from './exchange-expectation.entity';
export * from './exchange-timeline.entity';
export * from './dead-letter.entity';
