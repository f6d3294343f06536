import type { Agreement } from './agreement';
import type { AgreementFile } from './agreement-file.schema';
import type { PartyDirectory } from './party-directory';
import { resolveClauses } from './sections/clauses';
import { resolveCovers } from './sections/covers';
import { resolveParties } from './sections/parties';
import { resolvePhases } from './sections/phases';
import { resolveFindingClauses, resolvePolicy } from './sections/policy';
import { resolveRecommendation } from './sections/recommendation';
import type { SectionIssue } from './sections/section-issue';
import { resolveTargetGroups } from './sections/target-groups';
import { resolveTargets } from './sections/targets';
import { resolveValidity } from './sections/validity';

/**
 * Checks the references inside one agreement file and against the party directory, and builds the
 * engine's `Agreement`, one section of the file at a time (sections/). Returns the agreement only
 * when there were no issues. The sections are checked in a fixed order into one list: clauses
 * first (every other section cites them), parties before the covers that name their kinds, covers
 * before the recommendation and targets that need a covered kind.
 */
export function resolveAgreement(
  file: AgreementFile,
  sourceFile: string,
  directory: PartyDirectory,
): { agreement?: Agreement; issues: readonly SectionIssue[] } {
  const issues: SectionIssue[] = [];
  const clauses = resolveClauses(file.clauses, issues);
  const validity = resolveValidity(file.validity, clauses, issues);
  const { parties, partyGroups } = resolveParties(file.parties, directory, issues);
  const hasPhases = file.phases !== undefined;
  const covers = resolveCovers(file.covers, { parties, hasPhases }, clauses, issues);
  const coveredKinds = new Set(covers.map((c) => c.kind));
  const phases = resolvePhases(file.phases, clauses, issues);
  const targetGroups = resolveTargetGroups(file.targetGroups, clauses, issues);
  const recommendation = resolveRecommendation(file.recommendation, coveredKinds, clauses, issues);
  const targets = resolveTargets(file.targets, { coveredKinds, hasPhases }, clauses, issues);
  const policy = resolvePolicy(file.policy, issues);
  const findingClauses = resolveFindingClauses(file.findingClauses, clauses, issues);

  if (issues.length > 0) return { issues };
  return {
    issues,
    agreement: {
      id: file.id,
      title: file.title,
      seed: file.seed,
      status: file.status,
      sourceFile,
      parties,
      partyGroups,
      validity,
      covers,
      phases,
      targetGroups,
      recommendation,
      targets,
      policy,
      findingClauses,
      notifications: file.notifications,
      retention: file.retention,
      clauses: file.clauses,
    },
  };
}
