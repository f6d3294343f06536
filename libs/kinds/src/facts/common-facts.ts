import { PermanentError } from '@hub/common';
import type { CitizenCircumstances, PartyRef as ContractPartyRef } from '@hub/contracts';
import { cprBirthDate } from '@hub/contracts';
import {
  ageOn,
  asPartyRef,
  CitizenCategory,
  CitizenFacts,
  Exchange,
  isMessageKind,
  PartyRef,
  ReplyReference,
} from '@hub/agreements';

import type { FactExtractor } from '../kind-definition';
import type { PartnerMessage } from '../partner-message';

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

/** The facts every partner message carries: parties, date, citizen, consent, the message answered. */
export function commonFacts(message: PartnerMessage, exchangeDate: string) {
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

/** Kinds whose rules need only the common facts (parties, date, citizen, consent). */
export const generalFacts: FactExtractor = (message, exchangeDate) =>
  ({ ...commonFacts(message, exchangeDate), kind: message.kind }) as Exchange;

export const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);
