import { isCivilDate } from '../codec/civil-date';
import { invalid, InvalidIdentifierError, VALID, ValidationResult } from './validation-result';

/**
 * CPR numbers (CPR-nummer), written DDMMYY-SSSS as CitizenRef.cpr requires.
 *
 * Checked for format and birth date only. Since 2007 the CPR office issues numbers that fail the
 * modulus-11 check, so a failing check is never a reason to reject one (CPR-kontoret, "Personnummere
 * uden kontrolciffer"); cprPassesModulus11 exists for information only.
 *
 * Century from the 7th digit (the first of SSSS) and the year YY (CPR-kontoret's table):
 *   0-3: 1900-1999;  4 and 9: 2000-2036 when YY <= 36, else 1937-1999;
 *   5-8: 2000-2057 when YY <= 57, else 1858-1899.
 */
const CPR = /^(\d{2})(\d{2})(\d{2})-(\d)(\d{3})$/;
const CPR_WITHOUT_HYPHEN = /^\d{10}$/;

function centuryOf(seventhDigit: number, yy: number): number {
  if (seventhDigit <= 3) return 1900;
  if (seventhDigit === 4 || seventhDigit === 9) return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800;
}

function birthDateOf(cpr: string): string | undefined {
  const match = CPR.exec(cpr);
  if (!match) return undefined;
  const [day, month, yy, seventh] = [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])];
  const year = centuryOf(seventh, yy) + yy;
  if (!isCivilDate(year, month, day)) return undefined;
  return `${year}-${match[2]}-${match[1]}`;
}

export function validateCpr(value: unknown): ValidationResult {
  if (typeof value !== 'string' || value.length === 0) {
    return invalid('CPR-nummeret mangler.', 'The CPR number is missing.');
  }
  if (CPR_WITHOUT_HYPHEN.test(value)) {
    return invalid(
      'CPR-nummeret skal skrives med bindestreg: DDMMÅÅ-SSSS.',
      'Write the CPR number with a hyphen: DDMMYY-SSSS.',
    );
  }
  if (!CPR.test(value)) {
    return invalid(
      'CPR-nummeret har ikke formen DDMMÅÅ-SSSS (6 cifre, bindestreg, 4 cifre).',
      'The CPR number is not of the form DDMMYY-SSSS (6 digits, a hyphen, 4 digits).',
    );
  }
  if (!birthDateOf(value)) {
    return invalid(
      'CPR-nummerets første seks cifre er ikke en gyldig fødselsdato (DDMMÅÅ).',
      'The first six digits of the CPR number are not a valid date of birth (DDMMYY).',
    );
  }
  return VALID;
}

/** The date of birth a valid CPR number encodes, as 'YYYY-MM-DD'. Throws InvalidIdentifierError otherwise. */
export function cprBirthDate(cpr: string): string {
  const result = validateCpr(cpr);
  if (!result.ok) throw new InvalidIdentifierError(result.reasonDa, result.reasonEn);
  return birthDateOf(cpr) as string;
}

/**
 * Whether the modulus-11 check (weights 4,3,2,7,6,5,4,3,2,1) holds. For information only: valid CPR
 * numbers issued since 2007 may fail it, so never reject on it.
 */
export function cprPassesModulus11(cpr: string): boolean {
  const digits = cpr.replace('-', '');
  if (!/^\d{10}$/.test(digits)) return false;
  const weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
  const sum = weights.reduce((acc, weight, index) => acc + weight * Number(digits[index]), 0);
  return sum % 11 === 0;
}
