import type { TargetGroup, TargetGroupSpec } from '../agreement';
import type { AgreementFile } from '../agreement-file.schema';
import type { KnownClauses } from './clauses';
import type { SectionIssue } from './section-issue';

/**
 * `targetGroups` (optional): a known clause, each group id once, and an age range that is not
 * empty (`minAge` below `maxAgeExclusive`).
 */
export function resolveTargetGroups(
  targetGroups: AgreementFile['targetGroups'],
  clauses: KnownClauses,
  issues: SectionIssue[],
): TargetGroupSpec | undefined {
  if (targetGroups === undefined) return undefined;
  clauses.require('targetGroups.clause', targetGroups.clause, issues);
  const ids = new Set<string>();
  const groups: TargetGroup[] = targetGroups.groups.map((group, index) => {
    if (ids.has(group.id))
      issues.push({
        path: `targetGroups.groups[${index}].id`,
        message: `duplicate group id '${group.id}'`,
      });
    ids.add(group.id);
    if (
      group.minAge !== undefined &&
      group.maxAgeExclusive !== undefined &&
      group.minAge >= group.maxAgeExclusive
    ) {
      issues.push({
        path: `targetGroups.groups[${index}]`,
        message: 'minAge must be below maxAgeExclusive',
      });
    }
    return group;
  });
  return { clauseId: targetGroups.clause, groups };
}
