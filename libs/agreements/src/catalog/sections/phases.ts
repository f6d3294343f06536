import type { PhaseSplit } from '../agreement';
import type { AgreementFile } from '../agreement-file.schema';
import type { KnownClauses } from './clauses';
import type { SectionIssue } from './section-issue';

/** `phases` (optional): who owns the contact course when, citing a known clause. */
export function resolvePhases(
  phases: AgreementFile['phases'],
  clauses: KnownClauses,
  issues: SectionIssue[],
): PhaseSplit | undefined {
  if (phases === undefined) return undefined;
  clauses.require('phases.clause', phases.clause, issues);
  return {
    akasseUntilEndOfMonth: phases.akasseUntilEndOfMonth,
    handoverAtBenefitHours: phases.handoverAtBenefitHours,
    clauseId: phases.clause,
  };
}
