/**
 * Hub events as the monitor's exchange-log projection consumes them, shaped like
 * schemas/examples/events.*.json: builders for one event of each kind, and a synthetic mix for the
 * projection benchmark (bench/projection.ts) and the projection's integration spec.
 */
import { randomUUID } from 'node:crypto';

import { targetRuleCode } from '@hub/agreements';
import type {
  DeadlineDue,
  DeadlineOverdue,
  DeliveryFailed,
  DeliverySucceeded,
  ExchangeExpectation,
  ExchangeRejected,
  ExchangeRouted,
  NotificationSent,
  PartyRef,
} from '@hub/contracts';

export type ProjectedEvent =
  | { kind: 'events.ExchangeRouted'; value: ExchangeRouted }
  | { kind: 'events.ExchangeRejected'; value: ExchangeRejected }
  | { kind: 'events.DeliverySucceeded'; value: DeliverySucceeded }
  | { kind: 'events.DeliveryFailed'; value: DeliveryFailed }
  | { kind: 'events.NotificationSent'; value: NotificationSent }
  | { kind: 'events.DeadlineDue'; value: DeadlineDue }
  | { kind: 'events.DeadlineOverdue'; value: DeadlineOverdue };

export const AKASSE: PartyRef = { kind: 'akasse', id: 'HK' };
export const JOBCENTER: PartyRef = { kind: 'jobcenter', id: '707' };
export const UNION: PartyRef = { kind: 'union', id: '3F' };
const AGREEMENT = 'seed-001-norddjurs';
const RISK_CLAUSE = 'seed 001, A-kassens vurdering af den lediges risiko for langtidsledighed';
/** The seed-001 follow-up of a risk notice: the jobcentre answers within a few working days. */
export const JOINT_RISK_ASSESSMENT = 'joint-risk-assessment';
export const RISK_ANSWER_KINDS = [
  'beskedmodul.InquiryAnswer',
  'beskedmodul.ThreePartyMeetingRequest',
  'beskedmodul.EarlyOfferDecision',
];

const at = (base: string, seconds: number): string =>
  new Date(new Date(base).getTime() + seconds * 1000).toISOString();

export interface RoutedSpec {
  messageId?: string;
  kind?: string;
  sender?: PartyRef;
  receivers?: PartyRef[];
  causationId?: string | null;
  citizenPseudonym?: string | null;
  exchangeDate?: string;
  /** When it was queued; routed 420 ms later. */
  queuedAt?: string;
  expectations?: ExchangeExpectation[];
}

export function routed(spec: RoutedSpec = {}): ExchangeRouted {
  const queuedAt = spec.queuedAt ?? '2025-03-31T10:00:00.000Z';
  return {
    eventId: randomUUID(),
    messageId: spec.messageId ?? randomUUID(),
    correlationId: randomUUID(),
    causationId: spec.causationId ?? null,
    kind: spec.kind ?? 'beskedmodul.LongTermUnemploymentRiskNotice',
    channel: 'beskedmodul',
    sender: spec.sender ?? AKASSE,
    receivers: spec.receivers ?? [JOBCENTER],
    routingIds: (spec.receivers ?? [JOBCENTER]).map(() => randomUUID()),
    agreementId: AGREEMENT,
    clauseRef: RISK_CLAUSE,
    verdict: 'deliver_and_flag',
    findings: [
      {
        code: 'RISK_NOTICE_LATE',
        severity: 'deliver_and_flag',
        agreementId: AGREEMENT,
        clauseRef: RISK_CLAUSE,
        messageDa: 'Besked om risiko for langtidsledighed kom for sent.',
        messageEn: 'The risk notice came late.',
      },
    ],
    citizenPseudonym:
      spec.citizenPseudonym === undefined ? `cz_${randomUUID().slice(0, 12)}` : spec.citizenPseudonym,
    exchangeDate: spec.exchangeDate ?? queuedAt.slice(0, 10),
    queuedAt,
    routedAt: at(queuedAt, 0.42),
    sourceTopic: 'hub.inbound.beskedmodul.akasse-hk.v1',
    sourcePartition: 0,
    sourceOffset: '1832',
    expectations: spec.expectations ?? [],
  };
}

/** The seed-001 joint risk assessment a risk notice makes due for the jobcentre. */
export function riskAssessment(dueOn: string, responsible: PartyRef = JOBCENTER): ExchangeExpectation {
  return {
    kind: JOINT_RISK_ASSESSMENT,
    dueOn,
    responsible,
    agreementId: AGREEMENT,
    clauseRef: RISK_CLAUSE,
    expectedMessageKinds: RISK_ANSWER_KINDS,
    conditional: false,
  };
}

/**
 * A rejection; one with `messageId: null` stands for a message that could not be read, so it has no
 * date or receivers of its own.
 */
export function rejected(
  spec: { messageId?: string | null; rejectedAt?: string; exchangeDate?: string | null } = {},
): ExchangeRejected {
  const readable = spec.messageId !== null;
  const rejectedAt = spec.rejectedAt ?? '2025-02-10T09:30:01.100Z';
  return {
    eventId: randomUUID(),
    messageId: spec.messageId === undefined ? randomUUID() : spec.messageId,
    kind: 'beskedmodul.EarlyOfferRecommendation',
    channel: 'beskedmodul',
    sender: AKASSE,
    reasonCode: 'PRICE_MISSING_FOR_COURSE',
    reasonText: 'The recommendation lacks a price, which seed 001 requires for a course.',
    agreementId: AGREEMENT,
    findings: [
      {
        code: 'PRICE_MISSING_FOR_COURSE',
        severity: 'reject',
        agreementId: AGREEMENT,
        clauseRef: 'seed 001, Oplysninger til indstilling',
        messageDa: 'Pris mangler for et kursus.',
        messageEn: 'The price of the course is missing.',
      },
    ],
    citizenPseudonym: `cz_${randomUUID().slice(0, 12)}`,
    rejectedAt,
    sourceTopic: 'hub.inbound.beskedmodul.akasse-hk.v1',
    sourcePartition: 1,
    sourceOffset: '4711',
    exchangeDate:
      spec.exchangeDate !== undefined ? spec.exchangeDate : readable ? rejectedAt.slice(0, 10) : null,
    receivers: readable ? [JOBCENTER] : [],
  };
}

export function delivered(of: ExchangeRouted, receiver: PartyRef, attempts = 1): DeliverySucceeded {
  return {
    eventId: randomUUID(),
    routingId: randomUUID(),
    messageId: of.messageId,
    receiver,
    attempts,
    partnerReference: 'NDJ-2025-118',
    deliveredAt: at(of.routedAt, 1.5),
  };
}

export function deliveryFailed(of: ExchangeRouted, receiver: PartyRef): DeliveryFailed {
  return {
    eventId: randomUUID(),
    routingId: randomUUID(),
    messageId: of.messageId,
    receiver,
    attempts: 5,
    permanent: false,
    httpStatus: 503,
    reason: 'Service Unavailable',
    failedAt: at(of.routedAt, 900),
  };
}

export function notified(messageIds: string[], sentAt: string): NotificationSent {
  return {
    eventId: randomUUID(),
    mailId: `<${randomUUID()}@hub.example>`,
    messageIds,
    mailbox: 'jobcenter@norddjurs.dk',
    sentAt,
  };
}

function deadlineFields(trigger: ExchangeRouted, expectation: ExchangeExpectation) {
  return {
    deadlineId: `${targetRuleCode(expectation.kind)}:${trigger.messageId}`,
    ruleCode: targetRuleCode(expectation.kind),
    triggerMessageId: trigger.messageId,
    triggerKind: trigger.kind,
    awaitedKind: expectation.expectedMessageKinds[0] ?? null,
    correlationId: trigger.correlationId,
    responsible: expectation.responsible,
    agreementId: expectation.agreementId,
    clauseRef: expectation.clauseRef,
    dueAt: `${expectation.dueOn}T22:00:00.000Z`,
    citizenPseudonym: trigger.citizenPseudonym,
  };
}

export function deadlineDue(trigger: ExchangeRouted, raisedAt: string): DeadlineDue {
  const expectation = trigger.expectations[0];
  return { eventId: randomUUID(), ...deadlineFields(trigger, expectation), raisedAt };
}

export function deadlineOverdue(trigger: ExchangeRouted, detectedAt: string): DeadlineOverdue {
  const expectation = trigger.expectations[0];
  return { eventId: randomUUID(), ...deadlineFields(trigger, expectation), detectedAt };
}

/** A small deterministic generator (mulberry32), so a given seed gives the same mix every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` events in a realistic mix, in the order the hub produces them: risk notices (some with a
 * joint risk assessment due), answers from the jobcentre to earlier notices (by causation id) or on
 * their own about the same citizen, rejections, one delivery receipt per receiver (a few failures),
 * caseworker mails, and deadline events for some assessments. Fresh ids every call.
 */
export function syntheticEvents(count: number, seed = 7): ProjectedEvent[] {
  const next = random(seed);
  const events: ProjectedEvent[] = [];
  const citizens = Array.from(
    { length: Math.max(1, Math.floor(count / 20)) },
    () => `cz_${randomUUID().slice(0, 12)}`,
  );
  const openNotices: ExchangeRouted[] = [];
  const start = Date.parse('2025-03-03T08:00:00.000Z');
  for (let n = 0; events.length < count; n += 1) {
    const queuedAt = new Date(start + n * 60_000).toISOString();
    const citizen = citizens[Math.floor(next() * citizens.length)];
    const roll = next();
    if (roll < 0.08) {
      events.push({ kind: 'events.ExchangeRejected', value: rejected({ rejectedAt: queuedAt }) });
      continue;
    }
    let exchange: ExchangeRouted;
    if (roll < 0.35 && openNotices.length > 0) {
      // The jobcentre answers: half the time to a notice (causation id), else on its own.
      const notice = openNotices.splice(Math.floor(next() * openNotices.length), 1)[0];
      exchange = routed({
        kind: RISK_ANSWER_KINDS[Math.floor(next() * RISK_ANSWER_KINDS.length)],
        sender: JOBCENTER,
        receivers: [AKASSE],
        causationId: next() < 0.5 ? notice.messageId : null,
        citizenPseudonym: notice.citizenPseudonym,
        queuedAt,
      });
    } else {
      const withDeadline = next() < 0.5;
      const dueOn = new Date(start + n * 60_000 + 7 * 86_400_000).toISOString().slice(0, 10);
      exchange = routed({
        citizenPseudonym: citizen,
        receivers: next() < 0.2 ? [JOBCENTER, UNION] : [JOBCENTER],
        queuedAt,
        expectations: withDeadline ? [riskAssessment(dueOn)] : [],
      });
      if (withDeadline) openNotices.push(exchange);
    }
    events.push({ kind: 'events.ExchangeRouted', value: exchange });
    for (const receiver of exchange.receivers) {
      events.push(
        next() < 0.05
          ? { kind: 'events.DeliveryFailed', value: deliveryFailed(exchange, receiver) }
          : { kind: 'events.DeliverySucceeded', value: delivered(exchange, receiver, next() < 0.1 ? 2 : 1) },
      );
    }
    if (next() < 0.2) {
      events.push({
        kind: 'events.NotificationSent',
        value: notified([exchange.messageId], new Date(Date.parse(exchange.routedAt) + 60_000).toISOString()),
      });
    }
    if (exchange.expectations.length > 0 && next() < 0.15) {
      const raisedAt = new Date(Date.parse(exchange.routedAt) + 5 * 86_400_000).toISOString();
      events.push({ kind: 'events.DeadlineDue', value: deadlineDue(exchange, raisedAt) });
      if (next() < 0.5) {
        const detectedAt = new Date(Date.parse(exchange.routedAt) + 8 * 86_400_000).toISOString();
        events.push({ kind: 'events.DeadlineOverdue', value: deadlineOverdue(exchange, detectedAt) });
      }
    }
  }
  return events.slice(0, count);
}
