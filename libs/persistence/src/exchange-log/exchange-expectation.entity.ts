import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A deadline an exchange created under its agreement's targets (carried in events.ExchangeRouted):
 * e.g. the jobcenter's decision on a recommendation within 5 working days (seed 001). The monitor
 * records when an exchange of an expected kind fulfilled it, and raises events.DeadlineDue and
 * events.DeadlineOverdue once each. Holds a pseudonym, never a CPR number.
 */
@Entity({ name: 'exchange_expectation' })
export class ExchangeExpectationEntry {
  /** deterministicUuid('Expectation', triggerMessageId, kind): a replay finds the same row. */
  @PrimaryColumn({ name: 'expectation_id', type: 'uuid' })
  expectationId!: string;

  @Index()
  @Column({ name: 'trigger_message_id', type: 'uuid' })
  triggerMessageId!: string;

  @Column({ name: 'trigger_kind', type: 'text' })
  triggerKind!: string;

  @Index()
  @Column({ name: 'trigger_date', type: 'date' })
  triggerDate!: string;

  /** The agreement's target id, e.g. `recommendation-decision`. */
  @Column({ type: 'text' })
  kind!: string;

  /** The target id in the events' form, e.g. `RECOMMENDATION_DECISION`. */
  @Column({ name: 'rule_code', type: 'text' })
  ruleCode!: string;

  /** Last day on time (inclusive), a Danish date. */
  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ name: 'responsible_kind', type: 'text' })
  responsibleKind!: string;

  @Column({ name: 'responsible_id', type: 'text' })
  responsibleId!: string;

  @Index()
  @Column({ name: 'agreement_id', type: 'text' })
  agreementId!: string;

  @Column({ name: 'clause_ref', type: 'text' })
  clauseRef!: string;

  @Column({ name: 'expected_kinds', type: 'jsonb', default: () => "'[]'" })
  expectedKinds!: string[];

  /** Only due if something else holds: never counted overdue, shown softly. */
  @Column({ type: 'boolean', default: false })
  conditional!: boolean;

  @Index()
  @Column({ name: 'citizen_pseudonym', type: 'text', nullable: true })
  citizenPseudonym!: string | null;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId!: string | null;

  /** The earliest exchange of an expected kind that answered it. */
  @Column({ name: 'fulfilled_by', type: 'uuid', nullable: true })
  fulfilledBy!: string | null;

  @Column({ name: 'fulfilled_kind', type: 'text', nullable: true })
  fulfilledKind!: string | null;

  @Column({ name: 'fulfilled_on', type: 'date', nullable: true })
  fulfilledOn!: string | null;

  @Column({ name: 'fulfilled_at', type: 'timestamptz', nullable: true })
  fulfilledAt!: Date | null;

  /** Danish working days from the trigger's exchange date to the fulfilling exchange's date. */
  @Column({ name: 'response_working_days', type: 'int', nullable: true })
  responseWorkingDays!: number | null;

  @Column({ name: 'due_event_id', type: 'uuid', nullable: true })
  dueEventId!: string | null;

  @Column({ name: 'due_raised_at', type: 'timestamptz', nullable: true })
  dueRaisedAt!: Date | null;

  @Column({ name: 'overdue_event_id', type: 'uuid', nullable: true })
  overdueEventId!: string | null;

  @Column({ name: 'overdue_raised_at', type: 'timestamptz', nullable: true })
  overdueRaisedAt!: Date | null;
}
