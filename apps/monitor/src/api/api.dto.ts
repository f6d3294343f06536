import { ApiProperty } from '@nestjs/swagger';

/**
 * The API's response shapes, documented for OpenAPI (`/api/docs`). Plain data: the services build
 * them from SQL rows. Dates are Danish dates `YYYY-MM-DD`; instants ISO 8601 in UTC. No CPR number
 * anywhere; the citizen appears only as the keyed pseudonym.
 */
export class PartyDto {
  @ApiProperty({ example: 'jobcenter', description: 'akasse, jobcenter, union, company, vitas, jobag' })
  kind!: string;

  @ApiProperty({ example: '707' })
  id!: string;
}

export class FindingDto {
  @ApiProperty({ example: 'RESPONSE_LATE' })
  code!: string;

  @ApiProperty({ example: 'deliver_and_flag', enum: ['reject', 'deliver_and_flag', 'note'] })
  severity!: string;

  @ApiProperty({ type: String, nullable: true })
  agreementId!: string | null;

  @ApiProperty({ example: 'seed 001, Tilbud' })
  clauseRef!: string;

  @ApiProperty()
  messageDa!: string;

  @ApiProperty()
  messageEn!: string;
}

export class ExchangeDto {
  @ApiProperty({ format: 'uuid', description: "The partner's message id" })
  messageId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'beskedmodul.EarlyOfferRecommendation' })
  kind!: string | null;

  @ApiProperty({ example: 'beskedmodul' })
  channel!: string;

  @ApiProperty({ example: 'akasse' })
  senderKind!: string;

  @ApiProperty({ example: '3F' })
  senderId!: string;

  @ApiProperty({ type: [PartyDto] })
  receivers!: PartyDto[];

  @ApiProperty({ type: String, nullable: true })
  correlationId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The message this one answers' })
  causationId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'norddjurs-akasse-2024' })
  agreementId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  clauseRef!: string | null;

  @ApiProperty({ enum: ['routed', 'delivered', 'delivery_failed', 'rejected'] })
  status!: string;

  @ApiProperty({ type: String, nullable: true, enum: ['deliver', 'deliver_and_flag', 'reject'] })
  verdict!: string | null;

  @ApiProperty({ type: [FindingDto] })
  findings!: FindingDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Why it was rejected or refused' })
  reasonCode!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The citizen's keyed pseudonym (HMAC), never the CPR",
  })
  citizenPseudonym!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'Danish date of the exchange' })
  exchangeDate!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Queued by the sender' })
  receivedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  routedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  rejectedAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'First delivery to a receiver',
  })
  deliveredAt!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'First answer routed' })
  answeredAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    description: 'Danish date of the first answer',
  })
  answeredOn!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'Message id of the first answer',
  })
  answeredBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  answeredKind!: string | null;
}

export class ExchangePageDto {
  @ApiProperty({ type: [ExchangeDto] })
  items!: ExchangeDto[];
}

export class ExpectationDto {
  @ApiProperty({ format: 'uuid' })
  expectationId!: string;

  @ApiProperty({ example: 'recommendation-decision', description: "The agreement's target id" })
  kind!: string;

  @ApiProperty({ example: 'RECOMMENDATION_DECISION' })
  ruleCode!: string;

  @ApiProperty({ format: 'uuid' })
  triggerMessageId!: string;

  @ApiProperty({ example: 'beskedmodul.EarlyOfferRecommendation' })
  triggerKind!: string;

  @ApiProperty({ format: 'date' })
  triggerDate!: string;

  @ApiProperty({ format: 'date', description: 'Last day on time (inclusive), a Danish date' })
  dueOn!: string;

  @ApiProperty({ type: PartyDto })
  responsible!: PartyDto;

  @ApiProperty()
  agreementId!: string;

  @ApiProperty()
  clauseRef!: string;

  @ApiProperty({ type: [String] })
  expectedMessageKinds!: string[];

  @ApiProperty({ description: 'Only due if something else holds; never counted overdue' })
  conditional!: boolean;

  @ApiProperty({
    enum: ['open', 'overdue', 'on_time', 'late'],
    description: 'open: not yet due or due today; overdue: past due, unanswered; on_time / late: answered',
  })
  state!: string;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  fulfilledBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  fulfilledKind!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date' })
  fulfilledOn!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Danish working days from trigger to answer' })
  responseWorkingDays!: number | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  dueRaisedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  overdueRaisedAt!: string | null;
}

export class ExpectationPageDto {
  @ApiProperty({ type: [ExpectationDto] })
  items!: ExpectationDto[];
}

export class ExchangeDetailDto extends ExchangeDto {
  @ApiProperty({ type: [ExpectationDto], description: 'What this exchange made due' })
  expectations!: ExpectationDto[];
}

export class TimelineStepDto {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({
    enum: [
      'queued',
      'routed',
      'rejected',
      'delivered',
      'delivery_failed',
      'answered',
      'notified',
      'deadline_due',
      'deadline_overdue',
    ],
  })
  step!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Parties, codes, mailbox' })
  detail!: Record<string, unknown>;
}

export class TimelineDto {
  @ApiProperty({ format: 'uuid' })
  messageId!: string;

  @ApiProperty({ type: [TimelineStepDto] })
  steps!: TimelineStepDto[];
}

export class VolumesDto {
  @ApiProperty({ description: 'Exchanges of the month under the agreement, routed or rejected' })
  exchanges!: number;

  @ApiProperty()
  routed!: number;

  @ApiProperty()
  rejected!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Exchanges per kind',
  })
  byKind!: Record<string, number>;
}

export class TimelinessDto {
  @ApiProperty({ description: "Deadlines created by the month's exchanges (conditional ones not counted)" })
  expectations!: number;

  @ApiProperty()
  answered!: number;

  @ApiProperty({ description: 'Answered on or before the due date' })
  answeredOnTime!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'answeredOnTime / expectations; null when none' })
  shareAnsweredOnTime!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Median response, Danish working days' })
  medianResponseWorkingDays!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: '90th percentile response, Danish working days (linear interpolation, as percentile_cont)',
  })
  p90ResponseWorkingDays!: number | null;

  @ApiProperty({ description: 'Past due today and still unanswered' })
  overdueNow!: number;
}

export class KpiDto {
  @ApiProperty({ type: String, nullable: true, description: 'null: exchanges under no agreement' })
  agreementId!: string | null;

  @ApiProperty({ example: '2025-03', description: 'Month of the Danish exchange date' })
  month!: string;

  @ApiProperty({ type: VolumesDto })
  volumes!: VolumesDto;

  @ApiProperty({ type: TimelinessDto })
  timeliness!: TimelinessDto;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Rejections per reason code',
  })
  rejectionsByReason!: Record<string, number>;
}

export class KpiPageDto {
  @ApiProperty({ format: 'date', description: 'The Danish date "now" refers to (overdue now)' })
  asOf!: string;

  @ApiProperty({ type: [KpiDto] })
  items!: KpiDto[];
}

export class DeadLetterDto {
  @ApiProperty({
    example: '2/17',
    description: 'partition/offset on the dead-letter topic (hub deadletters replay --id)',
  })
  id!: string;

  @ApiProperty({ type: String, nullable: true })
  sourceTopic!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  sourcePartition!: number | null;

  @ApiProperty({ type: String, nullable: true })
  sourceOffset!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'akasse-3f' })
  senderSlug!: string | null;

  @ApiProperty({ type: String, nullable: true })
  kind!: string | null;

  @ApiProperty({ type: String, nullable: true })
  messageId!: string | null;

  @ApiProperty({ example: 'RECOMMENDATION_INCOMPLETE' })
  reasonCode!: string;

  @ApiProperty({ description: 'The reason, CPR numbers redacted' })
  reasonText!: string;

  @ApiProperty({ format: 'date-time' })
  rejectedAt!: string;
}

export class DeadLetterPageDto {
  @ApiProperty({ type: [DeadLetterDto] })
  items!: DeadLetterDto[];
}

export class ThroughputPointDto {
  @ApiProperty({ format: 'date-time', description: 'Start of the minute' })
  minute!: string;

  @ApiProperty()
  routed!: number;

  @ApiProperty()
  rejected!: number;

  @ApiProperty()
  delivered!: number;
}

export class ThroughputDto {
  @ApiProperty({ type: [ThroughputPointDto], description: 'One point per minute, oldest first' })
  points!: ThroughputPointDto[];
}
