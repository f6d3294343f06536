/**
 * The outcome of checking an identifier beyond its Avro type. The reasons are written for a caseworker
 * (sagsbehandler) who must correct the value in their own system, in Danish and English; they never
 * repeat a CPR number (confidentiality), but may repeat company numbers and codes, which are public.
 */
export type ValidationResult = { ok: true } | { ok: false; reasonDa: string; reasonEn: string };

export const VALID: ValidationResult = Object.freeze({ ok: true });

export function invalid(reasonDa: string, reasonEn: string): ValidationResult {
  return { ok: false, reasonDa, reasonEn };
}

/** Thrown by functions that need a valid identifier to compute something (e.g. cprBirthDate). */
export class InvalidIdentifierError extends Error {
  constructor(
    readonly reasonDa: string,
    readonly reasonEn: string,
  ) {
    super(reasonEn);
  }
}
