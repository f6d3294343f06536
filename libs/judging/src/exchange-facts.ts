import { PermanentError } from '@hub/common';
import type {
  EarlyOfferRecommendation,
  LongTermUnemploymentRiskNotice,
  OfferType as SchemaOfferType,
  PartyRef as ContractPartyRef,
  PartnerMessageKind,
  PlacementKind,
} from '@hub/contracts';
import {
  ageOn,
  asPartyRef,
  CitizenCategory,
  CitizenFacts,
  Exchange,
  GrantState,
  OfferType,
  PartyRef,
  PlacementFacts,
  PlacementKind as PlacementKindName,
  isMessageKind,
  RecommendationFacts,
  ReplyReference,
} from '@hub/agreements';
import { type CitizenCircumstances, cprBirthDate } from '@hub/contracts';

import type { PartnerMessage } from './partner-message';

/**
 * The facts the rules engine needs, taken from a decoded message. The engine never sees the CPR
 * number, nor the birth date it encodes: only what the rules use (the age on the exchange date,
 * the target-group circumstances, unemployment start, consent).
 */
export type FactExtractor = (message: PartnerMessage, exchangeDate: string) => Exchange;

/** The rules' party type has no 'hub': the hub is never a sender or receiver of a partner message. */
function rulesParty(party: ContractPartyRef): PartyRef {
  const converted = asPartyRef(party);
  if (!converted)
    throw new PermanentError(
      'UNROUTABLE_RECEIVER',
      `a partner message cannot involve ${party.kind}:${party.id}`,
    );
  return converted;
}

/** Each field of CitizenRef.circumstances and the target-group category it states. */
const CATEGORY_OF_CIRCUMSTANCE: Readonly<Record<keyof CitizenCircumstances, CitizenCategory>> = {
  insuredUnemployed: 'insured-unemployed',
  sickListedEmployed: 'sick-listed-employed',
  sickListedUnemployed: 'sick-listed-unemployed',
  flexJobReferred: 'flex-job-referred',
  inAkasseTrial2020: 'akasse-trial-2020',
  inJobcenterSpecialEffort: 'jobcenter-special-effort',
  inAgreedYouthGroup: 'agreed-youth-group',
  choseJobcenterContactCourse: 'chose-jobcenter',
};

/** The categories the sender stated true or false; a null one stays unknown (left out). */
export function categoryFacts(
  circumstances: CitizenCircumstances | null | undefined,
): Partial<Record<CitizenCategory, boolean>> | undefined {
  if (!circumstances) return undefined;
  const facts: Partial<Record<CitizenCategory, boolean>> = {};
  for (const [field, category] of Object.entries(CATEGORY_OF_CIRCUMSTANCE) as [
    keyof CitizenCircumstances,
    CitizenCategory,
  ][]) {
    const stated = circumstances[field];
    if (stated === true || stated === false) facts[category] = stated;
  }
  return facts;
}

/**
 * The citizen's age in full years on the exchange date, from the birth date the CPR number encodes
 * (century from its 7th digit, CPR-kontoret's table: libs/contracts/src/identifiers/cpr.ts). Only
 * the age leaves this function: the birth date is neither judged nor kept.
 */
export function ageFromCpr(cpr: string, exchangeDate: string): number {
  return ageOn(cprBirthDate(cpr), exchangeDate);
}

/**
 * The answered message, when the answer names one of a known kind (the answer kinds' field
 * inReplyTo). The router refuses an unknown kind before judging (INVALID_ANSWER_REFERENCE).
 */
function replyReference(message: PartnerMessage): ReplyReference | undefined {
  const answered = message.value.inReplyTo;
  if (!answered || !isMessageKind(answered.kind)) return undefined;
  return { exchangeId: answered.messageId, kind: answered.kind, date: answered.exchangeDate };
}

function base(message: PartnerMessage, exchangeDate: string) {
  const { envelope, citizen } = message.value;
  const citizenFacts: CitizenFacts | undefined = citizen
    ? {
        age: ageFromCpr(citizen.cpr, exchangeDate),
        circumstances: categoryFacts(citizen.circumstances),
        unemployment: citizen.unemploymentStartDate
          ? { startDate: citizen.unemploymentStartDate }
          : undefined,
        // Messages that can involve a union say whether the citizen's consent is on record.
        unionConsentOnRecord: (message.value as { consentOnRecord?: boolean }).consentOnRecord,
      }
    : undefined;
  return {
    id: envelope.messageId,
    channel: message.channel,
    sender: rulesParty(message.sender),
    receivers: envelope.receivers.map(rulesParty),
    date: exchangeDate,
    citizen: citizenFacts,
    inReplyTo: replyReference(message),
  };
}

const OFFER_TYPES: Record<SchemaOfferType, OfferType> = {
  EDUCATION: 'education',
  COURSE: 'course',
  GUIDANCE_AND_UPSKILLING: 'guidance',
  WORK_PLACEMENT: 'work-placement',
  WAGE_SUBSIDY: 'wage-subsidy',
  OTHER: 'other',
};

const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/** F1: seed 001 "Oplysninger til indstilling" — each listed item becomes a fact the rule checks. */
export const recommendationFacts: FactExtractor = (message, exchangeDate) => {
  const value = message.value as unknown as EarlyOfferRecommendation;
  const recommendation: RecommendationFacts = {
    offerType: OFFER_TYPES[value.offerType],
    courseTitle: orUndefined(value.courseTitle),
    startDate: orUndefined(value.startDate),
    endDate: orUndefined(value.endDate),
    weeklyHours: orUndefined(value.weeklyHours),
    priceDkk: value.price === null ? undefined : Number(value.price),
    provider: value.provider
      ? {
          name: value.provider.name,
          address: value.provider.address,
          email: value.provider.email,
          phone: value.provider.phone,
          contactPerson: orUndefined(value.provider.contactPerson),
        }
      : undefined,
    justification: orUndefined(value.fastestWayToJob),
    motivation: orUndefined(value.citizenMotivation),
    caseworker: value.recommendingCaseworker ?? undefined,
  };
  return { ...base(message, exchangeDate), kind: 'beskedmodul.EarlyOfferRecommendation', recommendation };
};

/** F2: seed 001 "A-kassens vurdering af den lediges risiko for langtidsledighed" — 14 days before the handover. */
export const riskNoticeFacts: FactExtractor = (message, exchangeDate) => {
  const value = message.value as unknown as LongTermUnemploymentRiskNotice;
  return {
    ...base(message, exchangeDate),
    kind: 'beskedmodul.LongTermUnemploymentRiskNotice',
    riskNotice: { plannedHandoverDate: value.plannedHandoverDate },
  };
};

/** The fields placement messages carry when they know them (VITAS sends what it has per step). */
interface PlacementFields {
  placementKind?: PlacementKind;
  company?: { pNumber: string };
  startDate?: string;
  granted?: boolean;
  grantedOn?: string | null;
  ordinaryEmployeesAtPNumber?: number;
  subsidisedPersonsAtPNumber?: number;
}

/** What a placement message's kind says about the grant (VITAS: submitted → pre-approved → granted/refused). */
const GRANT_STATE_OF_KIND: Partial<Record<PlacementKindName, GrantState>> = {
  'vitas.PlacementSubmitted': 'not-granted',
  'vitas.PlacementPreApproved': 'pre-approved',
  'vitas.PlacementGranted': 'granted',
  'vitas.PlacementRefused': 'refused',
};

/** F4: seed 002 §2.2 (no start before the grant) and the ratio rule per P-number. */
export const placementFacts: FactExtractor = (message, exchangeDate) => {
  const kind = message.kind as PlacementKindName;
  const value = message.value as unknown as PlacementFields;
  const grantState: GrantState =
    value.granted === undefined
      ? (GRANT_STATE_OF_KIND[kind] ?? 'unknown')
      : value.granted
        ? 'granted'
        : 'not-granted';
  const placement: PlacementFacts = {
    placementType:
      value.placementKind === 'WAGE_SUBSIDY'
        ? 'wage-subsidy'
        : value.placementKind === 'WORK_PLACEMENT'
          ? 'work-placement'
          : undefined,
    grantState,
    grantedOn: value.grantedOn ?? undefined,
    startDate: value.startDate,
    pNumber: value.company?.pNumber,
    ordinaryStaffAtPNumber: value.ordinaryEmployeesAtPNumber,
    otherPlacementsAtPNumber: value.subsidisedPersonsAtPNumber,
  };
  return { ...base(message, exchangeDate), kind, placement };
};

/** Kinds whose rules need only the common facts (parties, date, citizen, consent). */
export const generalFacts: FactExtractor = (message, exchangeDate) =>
  ({ ...base(message, exchangeDate), kind: message.kind }) as Exchange;

/** The facts each partner message kind carries for the rules: one extractor per kind. */
export const FACT_EXTRACTORS: Readonly<Record<PartnerMessageKind, FactExtractor>> = {
  'beskedmodul.EarlyOfferRecommendation': recommendationFacts,
  'beskedmodul.EarlyOfferDecision': generalFacts,
  'beskedmodul.LongTermUnemploymentRiskNotice': riskNoticeFacts,
  'beskedmodul.Handover': generalFacts,
  'beskedmodul.JointInterviewInvitation': generalFacts,
  'beskedmodul.ThreePartyMeetingRequest': generalFacts,
  'beskedmodul.AvailabilityQuestion': generalFacts,
  'beskedmodul.AvailabilityAnswer': generalFacts,
  'beskedmodul.JobClubReferral': generalFacts,
  'beskedmodul.Inquiry': generalFacts,
  'beskedmodul.InquiryAnswer': generalFacts,
  'vitas.PlacementSubmitted': placementFacts,
  'vitas.PlacementPreApproved': placementFacts,
  'vitas.PlacementGranted': placementFacts,
  'vitas.PlacementRefused': placementFacts,
  'vitas.PlacementStarted': placementFacts,
  'vitas.PlacementExtended': placementFacts,
  'vitas.PlacementEnded': placementFacts,
  'vitas.PlacementCancelled': placementFacts,
  'jobag.JobOrderCreated': generalFacts,
  'jobag.JobOrderForwarded': generalFacts,
  'jobag.JobOrderShared': generalFacts,
  'jobag.JobOrderStatusChanged': generalFacts,
  'jobag.CandidateProposed': generalFacts,
  'jobag.CandidateHired': generalFacts,
};
