import type { CoverageRule } from '../agreement';
import type { AgreementFile } from '../agreement-file.schema';
import { channelOfKind } from '@hub/contracts';
import { type PartyKind, type PartyRef, isDirectoryPartyKind } from '../../vocabulary/parties';
import type { KnownClauses } from './clauses';
import type { SectionIssue } from './section-issue';

/**
 * `covers`: each rule cites known clauses, names only kinds of party the agreement has, has a
 * signatory on at least one side, is phase-bound only when the file has `phases`, and no two rules
 * cover the same kind in the same direction. Fills in the defaults: the kind's own channel, the
 * rule's clause for WRONG_CHANNEL.
 */
export function resolveCovers(
  covers: AgreementFile['covers'],
  context: { readonly parties: readonly PartyRef[]; readonly hasPhases: boolean },
  clauses: KnownClauses,
  issues: SectionIssue[],
): CoverageRule[] {
  const partyKinds = new Set<PartyKind>(context.parties.map((p) => p.kind));
  const rules: CoverageRule[] = covers.map((cover, index) => {
    const path = `covers[${index}]`;
    clauses.require(`${path}.clause`, cover.clause, issues);
    if (cover.channelClause !== undefined)
      clauses.require(`${path}.channelClause`, cover.channelClause, issues);
    for (const side of ['from', 'to'] as const) {
      cover[side].forEach((kind, kindIndex) => {
        // With no resolved party at all, the parties section has said so already.
        if (isDirectoryPartyKind(kind) && !partyKinds.has(kind) && context.parties.length > 0) {
          issues.push({
            path: `${path}.${side}[${kindIndex}]`,
            message: `the agreement has no party of kind '${kind}'`,
          });
        }
      });
    }
    if (![...cover.from, ...cover.to].some(isDirectoryPartyKind)) {
      issues.push({
        path,
        message: 'at least one side must be a signatory kind (akasse, jobcenter or union)',
      });
    }
    if (cover.phaseBound && !context.hasPhases) {
      issues.push({
        path: `${path}.phaseBound`,
        message: 'phaseBound needs a phases section in the agreement',
      });
    }
    return {
      kind: cover.kind,
      from: cover.from,
      to: cover.to,
      channels: cover.channels ?? [channelOfKind(cover.kind)],
      clauseId: cover.clause,
      channelClauseId: cover.channelClause ?? cover.clause,
      phaseBound: cover.phaseBound,
      bothWays: cover.bothWays,
    };
  });
  rules.forEach((a, i) =>
    rules.slice(i + 1).forEach((b, offset) => {
      if (overlaps(a, b)) {
        issues.push({
          path: `covers[${i + 1 + offset}]`,
          message: `overlaps covers[${i}] for ${a.kind}: each direction may be covered once`,
        });
      }
    }),
  );
  return rules;
}

/** The (senders, receivers) pairs a rule covers: one, or two when it covers both ways. */
function directions(rule: CoverageRule): [readonly PartyKind[], readonly PartyKind[]][] {
  return rule.bothWays
    ? [
        [rule.from, rule.to],
        [rule.to, rule.from],
      ]
    : [[rule.from, rule.to]];
}

/** Two rules for one kind that share a sender kind and a receiver kind in some direction. */
function overlaps(a: CoverageRule, b: CoverageRule): boolean {
  return (
    a.kind === b.kind &&
    directions(a).some(([af, at]) =>
      directions(b).some(([bf, bt]) => af.some((k) => bf.includes(k)) && at.some((k) => bt.includes(k))),
    )
  );
}
