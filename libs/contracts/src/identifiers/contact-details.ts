import { invalid, VALID, ValidationResult } from './validation-result';

/**
 * Shapes of e-mail addresses and Danish phone numbers. Shape only: whether a mailbox or a line exists
 * is not something a message check can know.
 */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LEVEL = /^[A-Za-z]{2,63}$/;

export function validateEmail(value: unknown): ValidationResult {
  const bad = (): ValidationResult =>
    invalid(
      `E-mailadressen '${String(value)}' ser ikke rigtig ud; den skal have formen navn@domæne.dk.`,
      `The e-mail address '${String(value)}' does not look right; it must look like name@domain.dk.`,
    );
  if (typeof value !== 'string' || value.length === 0) {
    return invalid('E-mailadressen mangler.', 'The e-mail address is missing.');
  }
  if (value.length > 254) return bad();
  const at = value.lastIndexOf('@');
  if (at <= 0) return bad();
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  if (local.length > 64 || !LOCAL_PART.test(local) || labels.length < 2) return bad();
  if (!labels.every((label) => DOMAIN_LABEL.test(label)) || !TOP_LEVEL.test(labels[labels.length - 1]))
    return bad();
  return VALID;
}

/**
 * An e-mail subject (Inquiry.subject becomes one): it must carry no CPR number (DOMAIN, data
 * protection). Names cannot be recognised reliably, so only CPR-like digit groups are caught.
 */
export function validateMailSubject(value: unknown): ValidationResult {
  if (typeof value !== 'string') return invalid('Emnet mangler.', 'The subject is missing.');
  if (/(^|\D)\d{6}-?\d{4}(\D|$)/.test(value)) {
    return invalid(
      'Emnet ser ud til at indeholde et CPR-nummer; emner sendes som e-mail og må ikke indeholde CPR-nummer eller navn.',
      'The subject seems to hold a CPR number; subjects are sent as e-mail and must hold no CPR number or name.',
    );
  }
  return VALID;
}

/** A Danish phone number: 8 digits, optionally after +45; spaces between digit groups are allowed. */
export function validatePhone(value: unknown): ValidationResult {
  if (typeof value !== 'string' || value.trim().length === 0) {
    return invalid('Telefonnummeret mangler.', 'The phone number is missing.');
  }
  if (!/^(\+45)?\d{8}$/.test(value.replace(/ /g, ''))) {
    return invalid(
      `Telefonnummeret '${value}' skal være et dansk nummer på 8 cifre, evt. med +45 foran.`,
      `The phone number '${value}' must be a Danish number of 8 digits, optionally preceded by +45.`,
    );
  }
  return VALID;
}
