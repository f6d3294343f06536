import type { Agreement, Clause, CoverageRule, ResponseTarget, TargetDue, TargetGroup } from './agreement';
import type { AgreementFileIssue } from './agreement-file.error';
import type { AgreementFile } from './agreement-file.schema';
import type { PartyDirectory } from './party-directory';
import { FINDING_DEFINITIONS } from '../rules/finding-definitions';
import { type FindingCode, type Severity, severityRank } from '../rules/finding';
import { channelOfKind } from '../vocabulary/message-kinds';
import { type PartyKind, type PartyRef, isDirectoryPartyKind, partyKey } from '../vocabulary/parties';

/**
 * Used when an agreement says "hurtigst muligt" and its file gives no number: 5 working days, one
 * working week — long enough for a caseworker who is away a day or two, short enough that a citizen
 * whose offer should start "inden for de første 3 måneders ledighed" (seed 001, Tilbud) still has
 * time. Each seed file states its own number; this is only the fallback for new files.
 */
export const DEFAULT_AS_FAST_AS_POSSIBLE_WORKING_DAYS = 5;

type Issue = Omit<AgreementFileIssue, 'file' | 'agreementId'>;

/**
 * Checks the references inside one agreement file and against the party directory, and builds the
 * engine's `Agreement`. Returns the agreement only when there were no issues.
 */
export function resolveAgreement(
  file: AgreementFile,
  sourceFile: string,
  directory: PartyDirectory,
): { agreement?: Agreement; issues: readonly Issue[] } {
  const issues: Issue[] = [];
  const clauseIds = new Set<string>();
  file.clauses.forEach((clause, index) => {
    if (clauseIds.has(clause.id))
      issues.push({ path: `clauses[${index}].id`, message: `duplicate clause id '${clause.id}'` });
    clauseIds.add(clause.id);
  });
  const requireClause = (path: string, id: string): void => {
    if (!clauseIds.has(id)) {
      issues.push({
        path,
        message: `unknown clause '${id}'; the file's clauses are: ${[...clauseIds].join(', ')}`,
      });
    }
  };

  // Validity — seed 002: "Gældende fra 1. januar 2020 til 31. december 2020" (both days inclusive).
  requireClause('validity.clause', file.validity.clause);
  if (file.validity.to !== undefined && file.validity.to < file.validity.from) {
    issues.push({
      path: 'validity.to',
      message: `ends (${file.validity.to}) before it starts (${file.validity.from})`,
    });
  }

  // Parties, with groups expanded.
  const parties: PartyRef[] = [];
  const partyGroups: string[] = [];
  const seen = new Set<string>();
  const addParty = (ref: PartyRef): void => {
    if (!seen.has(partyKey(ref))) {
      seen.add(partyKey(ref));
      parties.push(ref);
    }
  };
  file.parties.forEach((party, index) => {
    if ('group' in party) {
      const group = directory.group(party.group);
      if (group === undefined) {
        issues.push({
          path: `parties[${index}].group`,
          message: `unknown party group '${party.group}' (not in the party directory)`,
        });
        return;
      }
      partyGroups.push(group.id);
      group.members.forEach(addParty);
      return;
    }
    if (directory.entry(party) === undefined) {
      issues.push({
        path: `parties[${index}]`,
        message: `unknown ${party.kind} '${party.id}': add it to parties.yaml (or a parties.*.yaml next to it) first`,
      });
      return;
    }
    addParty(party);
  });
  const partyKinds = new Set<PartyKind>(parties.map((p) => p.kind));
  if (seen.size < 2 && issues.length === 0) {
    issues.push({ path: 'parties', message: 'an agreement needs at least two distinct parties' });
  }

  // Coverage.
  const covers: CoverageRule[] = file.covers.map((cover, index) => {
    const path = `covers[${index}]`;
    requireClause(`${path}.clause`, cover.clause);
    if (cover.channelClause !== undefined) requireClause(`${path}.channelClause`, cover.channelClause);
    for (const side of ['from', 'to'] as const) {
      cover[side].forEach((kind, kindIndex) => {
        if (isDirectoryPartyKind(kind) && !partyKinds.has(kind) && parties.length > 0) {
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
    if (cover.phaseBound && file.phases === undefined) {
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
  const directions = (c: CoverageRule): [readonly PartyKind[], readonly PartyKind[]][] =>
    c.bothWays
      ? [
          [c.from, c.to],
          [c.to, c.from],
        ]
      : [[c.from, c.to]];
  const overlaps = (a: CoverageRule, b: CoverageRule): boolean =>
    a.kind === b.kind &&
    directions(a).some(([af, at]) =>
      directions(b).some(([bf, bt]) => af.some((k) => bf.includes(k)) && at.some((k) => bt.includes(k))),
    );
  covers.forEach((a, i) =>
    covers.slice(i + 1).forEach((b, offset) => {
      if (overlaps(a, b)) {
        issues.push({
          path: `covers[${i + 1 + offset}]`,
          message: `overlaps covers[${i}] for ${a.kind}: each direction may be covered once`,
        });
      }
    }),
  );
  const coveredKinds = new Set(covers.map((c) => c.kind));

  if (file.phases !== undefined) requireClause('phases.clause', file.phases.clause);

  let targetGroups: TargetGroup[] | undefined;
  if (file.targetGroups !== undefined) {
    requireClause('targetGroups.clause', file.targetGroups.clause);
    const ids = new Set<string>();
    targetGroups = file.targetGroups.groups.map((group, index) => {
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
  }

  if (file.recommendation !== undefined) {
    requireClause('recommendation.clause', file.recommendation.clause);
    if (!coveredKinds.has('beskedmodul.EarlyOfferRecommendation')) {
      issues.push({
        path: 'recommendation',
        message:
          'the agreement does not cover beskedmodul.EarlyOfferRecommendation, so these requirements would never apply',
      });
    }
  }

  const targetIds = new Set<string>();
  const targets: ResponseTarget[] = file.targets.map((target, index) => {
    const path = `targets[${index}]`;
    if (targetIds.has(target.id))
      issues.push({ path: `${path}.id`, message: `duplicate target id '${target.id}'` });
    targetIds.add(target.id);
    requireClause(`${path}.clause`, target.clause);
    target.triggers.forEach((kind, kindIndex) => {
      if (!coveredKinds.has(kind)) {
        issues.push({
          path: `${path}.triggers[${kindIndex}]`,
          message: `${kind} is not in covers, so it can never trigger`,
        });
      }
    });
    const due = resolveDue(target.due, target.asFastAsPossible);
    if (due === undefined) {
      issues.push({
        path: `${path}.due`,
        message: 'required unless asFastAsPossible is true (then the hub default applies)',
      });
    }
    const beforeHandover =
      due?.type === 'calendar-days-before-handover' || due?.type === 'working-days-before-handover';
    if (beforeHandover && file.phases === undefined) {
      issues.push({
        path: `${path}.due`,
        message: 'a deadline before the handover needs a phases section to know the handover',
      });
    }
    if (!beforeHandover && target.triggers.length === 0) {
      issues.push({
        path: `${path}.triggers`,
        message: 'a response-time target needs at least one trigger kind',
      });
    }
    return {
      id: target.id,
      clauseId: target.clause,
      triggers: target.triggers,
      expects: target.expects,
      responsible: target.responsible,
      due: due ?? {
        type: 'working-days-after-exchange',
        workingDays: DEFAULT_AS_FAST_AS_POSSIBLE_WORKING_DAYS,
      },
      asFastAsPossible: target.asFastAsPossible,
      conditional: target.conditional,
    };
  });

  // Policy — an agreement cannot lower a finding below what the law requires (seed 000,
  // Aftalens rammer: "Aftalen kan ikke tilsidesætte gældende lovgivning").
  const policy: Partial<Record<FindingCode, Severity>> = {};
  for (const [code, severity] of Object.entries(file.policy) as [FindingCode, Severity][]) {
    const floor = FINDING_DEFINITIONS[code].legalFloor;
    if (floor !== undefined && severityRank(severity) < severityRank(floor)) {
      issues.push({
        path: `policy.${code}`,
        message: `cannot be '${severity}': the law sets at least '${floor}' and an agreement cannot override the law (seed 000, Aftalens rammer)`,
      });
    }
    policy[code] = severity;
  }
  const findingClauses: Partial<Record<FindingCode, string>> = {};
  for (const [code, clauseId] of Object.entries(file.findingClauses) as [FindingCode, string][]) {
    requireClause(`findingClauses.${code}`, clauseId);
    findingClauses[code] = clauseId;
  }

  if (issues.length > 0) return { issues };
  const clauses: Clause[] = file.clauses;
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
      validity: { from: file.validity.from, to: file.validity.to, clauseId: file.validity.clause },
      covers,
      phases:
        file.phases === undefined
          ? undefined
          : {
              akasseUntilEndOfMonth: file.phases.akasseUntilEndOfMonth,
              handoverAtBenefitHours: file.phases.handoverAtBenefitHours,
              clauseId: file.phases.clause,
            },
      targetGroups:
        file.targetGroups === undefined || targetGroups === undefined
          ? undefined
          : { clauseId: file.targetGroups.clause, groups: targetGroups },
      recommendation:
        file.recommendation === undefined
          ? undefined
          : { clauseId: file.recommendation.clause, requiredFields: file.recommendation.requiredFields },
      targets,
      policy,
      findingClauses,
      notifications: file.notifications,
      retention: file.retention,
      clauses,
    },
  };
}

function resolveDue(
  due: AgreementFile['targets'][number]['due'],
  asFastAsPossible: boolean,
): TargetDue | undefined {
  if (due === undefined) {
    return asFastAsPossible
      ? { type: 'working-days-after-exchange', workingDays: DEFAULT_AS_FAST_AS_POSSIBLE_WORKING_DAYS }
      : undefined;
  }
  if ('workingDaysAfterExchange' in due)
    return { type: 'working-days-after-exchange', workingDays: due.workingDaysAfterExchange };
  if ('calendarDaysBeforeHandover' in due)
    return { type: 'calendar-days-before-handover', calendarDays: due.calendarDaysBeforeHandover };
  if ('calendarDaysBeforePlacementStart' in due)
    return {
      type: 'calendar-days-before-placement-start',
      calendarDays: due.calendarDaysBeforePlacementStart,
    };
  return { type: 'working-days-before-handover', workingDays: due.workingDaysBeforeHandover };
}
