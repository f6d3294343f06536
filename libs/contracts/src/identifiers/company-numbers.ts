import { invalid, VALID, ValidationResult } from './validation-result';

/**
 * Company identifiers from the CVR register (Erhvervsstyrelsen): the CVR number of the legal unit and
 * the P-number (produktionsenhedsnummer) of each workplace. Both are public, so the reasons quote them.
 */
const CVR_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1];

/** CVR number: 8 digits whose weighted sum (weights 2,7,6,5,4,3,2,1) is divisible by 11. */
export function validateCvr(value: unknown): ValidationResult {
  if (typeof value !== 'string' || value.length === 0) {
    return invalid('CVR-nummeret mangler.', 'The CVR number is missing.');
  }
  if (!/^\d{8}$/.test(value)) {
    return invalid(
      `CVR-nummeret '${value}' skal være præcis 8 cifre uden mellemrum.`,
      `The CVR number '${value}' must be exactly 8 digits without spaces.`,
    );
  }
  const sum = CVR_WEIGHTS.reduce((acc, weight, index) => acc + weight * Number(value[index]), 0);
  if (sum % 11 !== 0) {
    return invalid(
      `CVR-nummeret '${value}' findes ikke: kontrolcifferet passer ikke. Tjek for tastefejl.`,
      `The CVR number '${value}' does not exist: its check digit is wrong. Check for a typing error.`,
    );
  }
  return VALID;
}

/**
 * P-number: 10 digits, checked for format only; one series of P-numbers was issued with wrong check
 * digits, so a check-digit test would reject real workplaces.
 */
export function validatePNumber(value: unknown): ValidationResult {
  if (typeof value !== 'string' || value.length === 0) {
    return invalid('P-nummeret mangler.', 'The P-number is missing.');
  }
  if (!/^\d{10}$/.test(value)) {
    return invalid(
      `P-nummeret '${value}' skal være præcis 10 cifre uden mellemrum.`,
      `The P-number '${value}' must be exactly 10 digits without spaces.`,
    );
  }
  return VALID;
}
