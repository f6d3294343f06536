import { deterministicUuid } from '@hub/common';
import { addDays, allowedPlacements, DanishWorkingDayCalendar } from '@hub/agreements';
import type {
  AnsweredMessage,
  AvailabilityAnswer,
  AvailabilityQuestion,
  CaseworkerContact,
  Channel,
  EarlyOfferDecision,
  EarlyOfferRecommendation,
  Envelope,
  Inquiry,
  InquiryAnswer,
  JointInterviewAnswer,
  JointInterviewInvitation,
  MessageTypes,
  PartyRef,
  PlacementGranted,
  PlacementRefusalReason,
  PlacementRefused,
  PlacementSubmitted,
  RefusalReason,
  PartnerMessageKind,
} from '@hub/contracts';

import { unitHash } from '../traffic/prng';
import { systemOf } from '../traffic/systems';

/**
 * How the simulated partner systems answer what the hub delivers to them, like real ones would:
 * - a jobcenter decides on a recommendation of an early offer (F1, seed 001: "Jobcentret ser på
 *   indstillingen hurtigst muligt"; the result goes to the a-kasse);
 * - a jobcenter grants or refuses a placement submitted in VITAS (F4: the ratio rule, seed 000's
 *   educational perspective, then its own assessment), and sends the result out through VITAS;
 * - an a-kasse answers the jobcenter's availability question (F6, seed 002 §3.2);
 * - an a-kasse answers an invitation to the joint interview (F3, seed 001, Jobsamtale og
 *   overlevering: "A-kassen kan deltage i den første samtale i jobcentret, hvis den ledige ønsker det");
 * - a jobcenter or an a-kasse answers an inquiry (F8: "svare tilbage på henvendelser hurtigst muligt").
 *
 * Pure and deterministic: the decision is a function of the message (its id and fields), so the
 * traffic generator can foresee it (a granted placement later starts) and a test can predict it.
 * Answers are dated in the simulated time of the message they answer (its queuedAt plus a few
 * working days), not the wall clock, so they fall under the same agreement period.
 */

/** The delivered document as the partner endpoint receives it (see @hub/partner-delivery). */
export interface DeliveredDocument {
  documentType: string;
  messageId: string | null;
  kind: string | null;
  sender: PartyRef;
  receiver: PartyRef;
  message?: unknown;
}

export type AnswerKind =
  | 'beskedmodul.EarlyOfferDecision'
  | 'beskedmodul.AvailabilityAnswer'
  | 'beskedmodul.InquiryAnswer'
  | 'beskedmodul.JointInterviewAnswer'
  | 'vitas.PlacementGranted'
  | 'vitas.PlacementRefused';

export interface PlannedAnswer<K extends AnswerKind = AnswerKind> {
  kind: K;
  value: MessageTypes[K];
  /** The answering partner: it publishes on its own inbound topic for `channel`. */
  publisher: PartyRef;
  channel: Channel;
  /** The message answered. */
  inReplyTo: string;
  /** Short human summary for the simulator's page, e.g. "GRANTED". */
  outcome: string;
}

export type AnyPlannedAnswer = { [K in AnswerKind]: PlannedAnswer<K> }[AnswerKind];

let sharedCalendar: DanishWorkingDayCalendar | undefined;
export const workingDayCalendar = (): DanishWorkingDayCalendar =>
  (sharedCalendar ??= new DanishWorkingDayCalendar());
const calendar = workingDayCalendar;

const danishDate = (iso: string): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date(iso));

/** A working day `workingDays` after `date`, at a time of day that depends on `salt` (09:00-14:59 UTC). */
function answeredAt(date: string, workingDays: number, salt: string): { date: string; queuedAt: string } {
  const day =
    workingDays === 0 ? calendar().onOrNextWorkingDay(date) : calendar().addWorkingDays(date, workingDays);
  const minutes = 9 * 60 + Math.floor(unitHash('answer-time', salt) * 6 * 60);
  const queuedAt = new Date(Date.parse(`${day}T00:00:00.000Z`) + minutes * 60_000).toISOString();
  return { date: day, queuedAt };
}

/**
 * What an answer names as answered: the question's id, kind and exchange date, which the hub dates
 * by the question's queuing time in Copenhagen, so the router can check the response time.
 */
function answered(question: Envelope, kind: PartnerMessageKind): AnsweredMessage {
  return { messageId: question.messageId, kind, exchangeDate: danishDate(question.queuedAt) };
}

function answerEnvelope(
  question: Envelope,
  answeredBy: PartyRef,
  to: PartyRef,
  queuedAt: string,
  caseworker: CaseworkerContact,
): Envelope {
  const system = systemOf(answeredBy);
  return {
    messageId: deterministicUuid('simulator-answer', question.messageId, answeredBy.kind, answeredBy.id),
    correlationId: question.correlationId ?? question.messageId,
    causationId: question.messageId,
    sender: answeredBy,
    receivers: [to],
    originSystem: system.originSystem,
    registeredBy: { authority: system.authority, userId: userIdOf(system.userPrefix, caseworker) },
    queuedAt,
    changeType: 'CREATE',
  };
}

export function userIdOf(prefix: string, caseworker: CaseworkerContact): string {
  const initials = caseworker.name
    .split(' ')
    .map((part) => part.slice(0, 2).toLowerCase())
    .join('')
    .replace(/[^a-z]/g, 'x');
  return `${prefix}-${initials}`;
}

function caseworkerOf(party: PartyRef, salt: string): CaseworkerContact {
  const workers = systemOf(party).caseworkers;
  if (workers.length === 0)
    return { name: 'Sagsbehandler', email: 'sagsbehandler@partner.example', phone: '+4570000000' };
  return workers[Math.floor(unitHash('caseworker', salt) * workers.length)];
}

// ---------------------------------------------------------------------------------------- decisions

export interface EarlyOfferVerdict {
  outcome: 'GRANTED' | 'REFUSED';
  refusalReason: RefusalReason | null;
  justification: string;
  workingDays: number;
}

/** A jobcenter's decision on a recommendation: the price, then its own assessment (4 in 5 granted). */
export function decideEarlyOffer(recommendation: EarlyOfferRecommendation): EarlyOfferVerdict {
  const id = recommendation.envelope.messageId;
  // Most decisions within the 5 working days of seed 001's target; about 1 in 12 takes longer.
  const workingDays =
    unitHash('decision-days', id) < 0.08 ? 7 : 1 + Math.floor(unitHash('decision-days-fast', id) * 4);
  if (recommendation.price !== null && Number(recommendation.price) > 40_000) {
    return {
      outcome: 'REFUSED',
      refusalReason: 'PRICE',
      justification: 'Prisen ligger over det, jobcentret bevilger til et tilbud af denne længde.',
      workingDays,
    };
  }
  if (unitHash('decision', id) < 0.8) {
    return {
      outcome: 'GRANTED',
      refusalReason: null,
      justification: 'Tilbuddet vurderes at være den hurtigste vej i job for den ledige.',
      workingDays,
    };
  }
  return {
    outcome: 'REFUSED',
    refusalReason: 'NOT_CLOSER_TO_JOB',
    justification: 'Jobcentret vurderer ikke, at tilbuddet bringer den ledige tættere på job end jobsøgning.',
    workingDays,
  };
}

export interface PlacementVerdict {
  granted: boolean;
  reason: PlacementRefusalReason | null;
  reasonText: string;
  /** The Danish date of the decision. */
  decidedOn: string;
  queuedAt: string;
}

/**
 * A jobcenter's decision on a placement submitted in VITAS: refused if the ratio rule is exceeded
 * (at most 1 per 5 ordinary employees up to 50, plus 1 per 10 above, per P-number) or there is no
 * educational perspective (seed 000), otherwise granted 9 times in 10, within 1-5 working days.
 */
export function decidePlacement(submission: PlacementSubmitted): PlacementVerdict {
  // Keyed by the VITAS case, not the message id: the same case gets the same decision in every run.
  const id = `${submission.placementId}/${submission.company.cvr}`;
  const workingDays = 1 + Math.floor(unitHash('placement-days', id) * 5);
  const { date, queuedAt } = answeredAt(danishDate(submission.envelope.queuedAt), workingDays, id);
  const allowed = allowedPlacements(submission.ordinaryEmployeesAtPNumber);
  if (submission.subsidisedPersonsAtPNumber + 1 > allowed) {
    return {
      granted: false,
      reason: 'RATIO_RULE_EXCEEDED',
      reasonText: `Med ${submission.ordinaryEmployeesAtPNumber} ordinært ansatte på P-nummeret må højst ${allowed} være i virksomhedspraktik eller løntilskud; der er allerede ${submission.subsidisedPersonsAtPNumber}.`,
      decidedOn: date,
      queuedAt,
    };
  }
  if (!submission.educationalPerspective) {
    return {
      granted: false,
      reason: 'NO_EDUCATIONAL_PERSPECTIVE',
      reasonText: 'Ansøgningen beskriver ikke et uddannelsesmæssigt perspektiv.',
      decidedOn: date,
      queuedAt,
    };
  }
  if (unitHash('placement', id) < 0.9)
    return { granted: true, reason: null, reasonText: '', decidedOn: date, queuedAt };
  return {
    granted: false,
    reason: 'CITIZEN_NOT_ELIGIBLE',
    reasonText: 'Borgeren er ikke i målgruppen for tilbuddet.',
    decidedOn: date,
    queuedAt,
  };
}

// ------------------------------------------------------------------------------------------ answers

const isParty = (value: unknown): value is PartyRef =>
  typeof value === 'object' && value !== null && typeof (value as PartyRef).kind === 'string';

/**
 * What the receiving partner answers to a delivered document, if anything. Rejection receipts and
 * kinds a partner only takes note of get no answer.
 */
export function planAnswer(document: DeliveredDocument): AnyPlannedAnswer | undefined {
  if (document.documentType !== 'message' || !document.message || !isParty(document.receiver))
    return undefined;
  const receiver = document.receiver;
  switch (document.kind ?? null) {
    case null:
      return undefined;
    case 'beskedmodul.EarlyOfferRecommendation':
      return receiver.kind === 'jobcenter'
        ? earlyOfferDecision(receiver, document.message as EarlyOfferRecommendation)
        : undefined;
    case 'vitas.PlacementSubmitted': {
      const submission = document.message as PlacementSubmitted;
      // Only the jobcenter that processes the placement decides; an a-kasse's copy is for its information.
      const processing = submission.jobcenter;
      return receiver.kind === 'jobcenter' &&
        processing.kind === receiver.kind &&
        processing.id === receiver.id
        ? placementDecision(receiver, submission)
        : undefined;
    }
    case 'beskedmodul.AvailabilityQuestion':
      return receiver.kind === 'akasse'
        ? availabilityAnswer(receiver, document.message as AvailabilityQuestion)
        : undefined;
    case 'beskedmodul.JointInterviewInvitation':
      return receiver.kind === 'akasse'
        ? jointInterviewAnswer(receiver, document.message as JointInterviewInvitation)
        : undefined;
    case 'beskedmodul.Inquiry':
      return receiver.kind === 'akasse' || receiver.kind === 'jobcenter'
        ? inquiryAnswer(receiver, document.message as Inquiry)
        : undefined;
    default:
      return undefined;
  }
}

function earlyOfferDecision(
  jobcenter: PartyRef,
  recommendation: EarlyOfferRecommendation,
): PlannedAnswer<'beskedmodul.EarlyOfferDecision'> {
  const id = recommendation.envelope.messageId;
  const verdict = decideEarlyOffer(recommendation);
  const { date, queuedAt } = answeredAt(
    danishDate(recommendation.envelope.queuedAt),
    verdict.workingDays,
    id,
  );
  const caseworker = caseworkerOf(jobcenter, id);
  const granted = verdict.outcome === 'GRANTED';
  const value: EarlyOfferDecision = {
    envelope: answerEnvelope(
      recommendation.envelope,
      jobcenter,
      recommendation.envelope.sender,
      queuedAt,
      caseworker,
    ),
    citizen: recommendation.citizen,
    recommendationMessageId: id,
    offerType: recommendation.offerType,
    outcome: verdict.outcome,
    decidedOn: date,
    grantedStartDate: granted ? recommendation.startDate : null,
    grantedEndDate: granted ? recommendation.endDate : null,
    refusalReason: verdict.refusalReason,
    justification: verdict.justification,
    decidedBy: caseworker,
    inReplyTo: answered(recommendation.envelope, 'beskedmodul.EarlyOfferRecommendation'),
  };
  return {
    kind: 'beskedmodul.EarlyOfferDecision',
    value,
    publisher: jobcenter,
    channel: 'beskedmodul',
    inReplyTo: id,
    outcome: verdict.outcome,
  };
}

function placementDecision(
  jobcenter: PartyRef,
  submission: PlacementSubmitted,
): PlannedAnswer<'vitas.PlacementGranted'> | PlannedAnswer<'vitas.PlacementRefused'> {
  const id = submission.envelope.messageId;
  const verdict = decidePlacement(submission);
  const caseworker = caseworkerOf(jobcenter, id);
  // The grant goes to the company (through VITAS) and to the a-kasser the submission named.
  const company: PartyRef = { kind: 'company', id: submission.company.cvr };
  const akasser = submission.envelope.receivers.filter((party) => party.kind === 'akasse');
  const envelope: Envelope = {
    ...answerEnvelope(submission.envelope, jobcenter, company, verdict.queuedAt, caseworker),
    receivers: [company, ...akasser],
    changeType: 'UPDATE',
  };
  const common = {
    envelope,
    citizen: submission.citizen,
    placementId: submission.placementId,
    placementKind: submission.placementKind,
    company: submission.company,
    jobcenter,
    caseworker,
    consentOnRecord: submission.consentOnRecord,
    inReplyTo: answered(submission.envelope, 'vitas.PlacementSubmitted'),
  };
  if (verdict.granted) {
    // A placement never starts before the grant (seed 002 §2.2): the start moves if the grant is late.
    const earliest = addDays(verdict.decidedOn, 1);
    const value: PlacementGranted = {
      ...common,
      grantedOn: verdict.decidedOn,
      startDate: submission.startDate > earliest ? submission.startDate : earliest,
      endDate: submission.endDate,
      weeklyHours: submission.weeklyHours,
      subsidyPerHour: submission.placementKind === 'WAGE_SUBSIDY' ? '98.75' : null,
    };
    return {
      kind: 'vitas.PlacementGranted',
      value,
      publisher: jobcenter,
      channel: 'vitas',
      inReplyTo: id,
      outcome: 'GRANTED',
    };
  }
  const value: PlacementRefused = {
    ...common,
    refusedOn: verdict.decidedOn,
    reason: verdict.reason ?? 'OTHER',
    reasonText: verdict.reasonText,
  };
  return {
    kind: 'vitas.PlacementRefused',
    value,
    publisher: jobcenter,
    channel: 'vitas',
    inReplyTo: id,
    outcome: `REFUSED ${value.reason}`,
  };
}

function availabilityAnswer(
  akasse: PartyRef,
  question: AvailabilityQuestion,
): PlannedAnswer<'beskedmodul.AvailabilityAnswer'> {
  const id = question.envelope.messageId;
  const meets = unitHash('availability', id) < 0.75;
  const workingDays = 1 + Math.floor(unitHash('availability-days', id) * 3);
  const { queuedAt } = answeredAt(danishDate(question.envelope.queuedAt), workingDays, id);
  const caseworker = caseworkerOf(akasse, id);
  const value: AvailabilityAnswer = {
    envelope: answerEnvelope(question.envelope, akasse, question.envelope.sender, queuedAt, caseworker),
    citizen: question.citizen,
    questionMessageId: id,
    meetsAvailabilityRules: meets,
    explanation: meets
      ? null
      : `Tilbuddet på ${question.weeklyHours ?? 'det angivne antal'} timer om ugen lever ikke op til rådighedsreglerne under den delvise sygemelding.`,
    caseworker,
    inReplyTo: answered(question.envelope, 'beskedmodul.AvailabilityQuestion'),
  };
  return {
    kind: 'beskedmodul.AvailabilityAnswer',
    value,
    publisher: akasse,
    channel: 'beskedmodul',
    inReplyTo: id,
    outcome: meets ? 'til rådighed' : 'ikke til rådighed',
  };
}

function inquiryAnswer(receiver: PartyRef, inquiry: Inquiry): PlannedAnswer<'beskedmodul.InquiryAnswer'> {
  const id = inquiry.envelope.messageId;
  const workingDays = Math.floor(unitHash('inquiry-days', id) * 3);
  const { queuedAt } = answeredAt(danishDate(inquiry.envelope.queuedAt), workingDays, id);
  const caseworker = caseworkerOf(receiver, id);
  const value: InquiryAnswer = {
    envelope: answerEnvelope(inquiry.envelope, receiver, inquiry.envelope.sender, queuedAt, caseworker),
    citizen: inquiry.citizen,
    inquiryMessageId: id,
    body: 'Tak for henvendelsen. Vi har set på sagen og vender tilbage, hvis vi har brug for mere.',
    consentOnRecord: inquiry.consentOnRecord,
    caseworker,
    inReplyTo: answered(inquiry.envelope, 'beskedmodul.Inquiry'),
  };
  return {
    kind: 'beskedmodul.InquiryAnswer',
    value,
    publisher: receiver,
    channel: 'beskedmodul',
    inReplyTo: id,
    outcome: 'besvaret',
  };
}

/**
 * The a-kasse takes part when the citizen wished it, as a rule (about 1 in 10 cannot and says so),
 * and answers the next working day.
 */
function jointInterviewAnswer(
  akasse: PartyRef,
  invitation: JointInterviewInvitation,
): PlannedAnswer<'beskedmodul.JointInterviewAnswer'> {
  const id = invitation.envelope.messageId;
  const takesPart = invitation.akasseParticipationWished && unitHash('joint-interview', id) < 0.9;
  const { queuedAt } = answeredAt(danishDate(invitation.envelope.queuedAt), 1, id);
  const caseworker = caseworkerOf(akasse, id);
  const value: JointInterviewAnswer = {
    envelope: answerEnvelope(invitation.envelope, akasse, invitation.envelope.sender, queuedAt, caseworker),
    citizen: invitation.citizen,
    invitationMessageId: id,
    akasseTakesPart: takesPart,
    note: takesPart
      ? null
      : invitation.akasseParticipationWished
        ? 'A-kassen kan ikke deltage på det foreslåede tidspunkt. Ring gerne for en ny tid.'
        : 'Borgeren har ikke ønsket a-kassens deltagelse, så a-kassen deltager ikke.',
    caseworker,
    inReplyTo: answered(invitation.envelope, 'beskedmodul.JointInterviewInvitation'),
  };
  return {
    kind: 'beskedmodul.JointInterviewAnswer',
    value,
    publisher: akasse,
    channel: 'beskedmodul',
    inReplyTo: id,
    outcome: takesPart ? 'deltager' : 'deltager ikke',
  };
}
