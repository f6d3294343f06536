import type { AgreementFile } from '../agreement-file.schema';
import { FINDING_DEFINITIONS } from '../../rules/finding-definitions';
import { type FindingCode, type Severity, severityRank } from '../../rules/finding';
import type { KnownClauses } from './clauses';
import type { SectionIssue } from './section-issue';

/**
 * `policy`: the severities the agreement sets, none below what the law requires — seed 000,
 * Aftalens rammer: "Aftalen kan ikke tilsidesætte gældende lovgivning".
 */
export function resolvePolicy(
  policy: AgreementFile['policy'],
  issues: SectionIssue[],
): Partial<Record<FindingCode, Severity>> {
  const resolved: Partial<Record<FindingCode, Severity>> = {};
  for (const [code, severity] of Object.entries(policy) as [FindingCode, Severity][]) {
    const floor = FINDING_DEFINITIONS[code].legalFloor;
    if (floor !== undefined && severityRank(severity) < severityRank(floor)) {
      issues.push({
        path: `policy.${code}`,
        message: `cannot be '${severity}': the law sets at least '${floor}' and an agreement cannot override the law (seed 000, Aftalens rammer)`,
      });
    }
    resolved[code] = severity;
  }
  return resolved;
}

/** `findingClauses`: the clause a finding cites under this agreement, a known one. */
export function resolveFindingClauses(
  findingClauses: AgreementFile['findingClauses'],
  clauses: KnownClauses,
  issues: SectionIssue[],
): Partial<Record<FindingCode, string>> {
  const resolved: Partial<Record<FindingCode, string>> = {};
  for (const [code, clauseId] of Object.entries(findingClauses) as [FindingCode, string][]) {
    clauses.require(`findingClauses.${code}`, clauseId, issues);
    resolved[code] = clauseId;
  }
  return resolved;
}
