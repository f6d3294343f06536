import { PartyKindValues, type PartyKind, type PartyRef } from '../generated/messages';
import { validateAkasseCode } from './akasse-codes';
import { validateCvr, validatePNumber } from './company-numbers';
import { validateEmail, validateMailSubject, validatePhone } from './contact-details';
import { validateCpr } from './cpr';
import { validateMunicipalityCode } from './municipality-codes';
import { invalid, VALID, ValidationResult } from './validation-result';

/**
 * Identifier checks applied to a whole decoded message, by field name: the schemas use the same names
 * everywhere (CitizenRef.cpr, Company.cvr and pNumber, every email and phone, every PartyRef).
 */
export interface IdentifierProblem {
  /** Dotted path of the field, e.g. 'envelope.sender.id' or 'company.cvr'. */
  path: string;
  reasonDa: string;
  reasonEn: string;
}

/** Ids of the parties that are systems, not organisations: PartyRef's doc says VITAS, JOBAG. */
const SYSTEM_IDS: Partial<Record<PartyKind, string>> = { vitas: 'VITAS', jobag: 'JOBAG', hub: 'HUB' };

const UNION_CODE = /^[A-Z0-9][A-Z0-9-]{0,39}$/;

/** A party's id checked against its kind, as PartyRef's doc defines it. */
export function validatePartyRef(party: PartyRef): ValidationResult {
  switch (party.kind) {
    case 'akasse':
      return validateAkasseCode(party.id);
    case 'jobcenter':
      return validateMunicipalityCode(party.id);
    case 'company':
      return validateCvr(party.id);
    case 'union':
      if (party.id.trim().length === 0)
        return invalid('Den faglige organisations kode mangler.', "The union's code is missing.");
      // Upper-case letters, digits and hyphens, as the party directory writes them (LO-VIBORG).
      return UNION_CODE.test(party.id)
        ? VALID
        : invalid(
            'Den faglige organisations kode skrives med store bogstaver, cifre og bindestreg (højst 40 tegn), fx LO-VIBORG.',
            "A union's code is upper-case letters, digits and hyphens (at most 40), e.g. LO-VIBORG.",
          );
    case 'vitas':
    case 'jobag':
    case 'hub': {
      const expected = SYSTEM_IDS[party.kind] as string;
      return party.id === expected
        ? VALID
        : invalid(
            `Parten ${party.kind} har id '${expected}', ikke '${party.id}'.`,
            `The party ${party.kind} has the id '${expected}', not '${party.id}'.`,
          );
    }
  }
}

const FIELD_CHECKS: Readonly<Record<string, (value: unknown) => ValidationResult>> = {
  cpr: validateCpr,
  cvr: validateCvr,
  pNumber: validatePNumber,
  email: validateEmail,
  phone: validatePhone,
  subject: validateMailSubject,
};

function isPartyRef(value: Record<string, unknown>): value is Record<string, unknown> & PartyRef {
  const keys = Object.keys(value);
  return (
    keys.length === 2 &&
    typeof value.id === 'string' &&
    (PartyKindValues as readonly unknown[]).includes(value.kind)
  );
}

/** Every identifier problem in a decoded message (or any part of one); empty when all is in order. */
export function findIdentifierProblems(value: unknown, path: readonly string[] = []): IdentifierProblem[] {
  const problems: IdentifierProblem[] = [];
  const report = (at: readonly string[], result: ValidationResult): void => {
    if (!result.ok)
      problems.push({ path: at.join('.'), reasonDa: result.reasonDa, reasonEn: result.reasonEn });
  };
  if (Array.isArray(value)) {
    value.forEach((item, index) => problems.push(...findIdentifierProblems(item, [...path, String(index)])));
    return problems;
  }
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return problems;
  const record = value as Record<string, unknown>;
  if (isPartyRef(record)) {
    report([...path, 'id'], validatePartyRef(record));
    return problems;
  }
  for (const [key, field] of Object.entries(record)) {
    const check = FIELD_CHECKS[key];
    // Optional identifiers are null when absent; only present ones are checked.
    if (check && field !== null && field !== undefined) report([...path, key], check(field));
    else problems.push(...findIdentifierProblems(field, [...path, key]));
  }
  return problems;
}
