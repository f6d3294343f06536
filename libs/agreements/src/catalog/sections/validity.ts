import type { Validity } from '../agreement';
import type { AgreementFile } from '../agreement-file.schema';
import type { KnownClauses } from './clauses';
import type { SectionIssue } from './section-issue';

/**
 * `validity`: a known clause, and an end on or after the start — seed 002: "Gældende fra 1. januar
 * 2020 til 31. december 2020" (both days inclusive).
 */
export function resolveValidity(
  validity: AgreementFile['validity'],
  clauses: KnownClauses,
  issues: SectionIssue[],
): Validity {
  clauses.require('validity.clause', validity.clause, issues);
  if (validity.to !== undefined && validity.to < validity.from) {
    issues.push({
      path: 'validity.to',
      message: `ends (${validity.to}) before it starts (${validity.from})`,
    });
  }
  return { from: validity.from, to: validity.to, clauseId: validity.clause };
}
