import type { AgreementFile } from '../agreement-file.schema';
import { PartyDirectory } from '../party-directory';
import { KnownClauses, resolveClauses } from './clauses';
import { resolveCovers } from './covers';
import { resolveParties } from './parties';
import { resolvePhases } from './phases';
import { resolveFindingClauses, resolvePolicy } from './policy';
import { resolveRecommendation } from './recommendation';
import type { SectionIssue } from './section-issue';
import { resolveTargetGroups } from './target-groups';
import { DEFAULT_AS_FAST_AS_POSSIBLE_WORKING_DAYS, resolveDue, resolveTargets } from './targets';
import { resolveValidity } from './validity';

/**
 * Each section of an agreement file on its own. The loader's table of mistakes
 * (load-agreement-catalog.spec.ts) covers what a person most often gets wrong through the whole
 * load; these are the remaining checks and defaults, one section function at a time.
 */

/** Runs a section function with a fresh issue list. */
function resolved<T>(run: (issues: SectionIssue[]) => T): { result: T; issues: SectionIssue[] } {
  const issues: SectionIssue[] = [];
  return { result: run(issues), issues };
}

const CLAUSES = new KnownClauses(new Set(['gyldighed', 'kontakt']));
const HK = { kind: 'akasse', id: 'HK' } as const;
const HORSENS = { kind: 'jobcenter', id: '615' } as const;
const METAL = { kind: 'akasse', id: 'METAL' } as const;

type Cover = AgreementFile['covers'][number];
const inquiry = (change: Partial<Cover> = {}): Cover => ({
  kind: 'beskedmodul.Inquiry',
  from: ['akasse'],
  to: ['jobcenter'],
  clause: 'kontakt',
  phaseBound: false,
  bothWays: false,
  ...change,
});

type Target = AgreementFile['targets'][number];
const answer = (change: Partial<Target> = {}): Target => ({
  id: 'svar',
  clause: 'kontakt',
  triggers: ['beskedmodul.Inquiry'],
  expects: ['beskedmodul.InquiryAnswer'],
  responsible: 'receiver',
  due: { workingDaysAfterExchange: 2 },
  asFastAsPossible: false,
  conditional: false,
  ...change,
});

describe(resolveClauses.name, () => {
  it('refuses a clause id used twice, and names the known ones when a section cites an unknown one', () => {
    const clause = { id: 'kontakt', ref: 'test, Kontakt', da: 'Svar.', en: 'Answer.' };
    const { result, issues } = resolved((list) =>
      resolveClauses([clause, { ...clause, id: 'gyldighed' }, clause], list),
    );
    expect(issues).toEqual([{ path: 'clauses[2].id', message: "duplicate clause id 'kontakt'" }]);
    const citing: SectionIssue[] = [];
    result.require('covers[0].clause', 'kontakt', citing);
    result.require('covers[1].clause', 'nope', citing);
    expect(citing).toEqual([
      {
        path: 'covers[1].clause',
        message: "unknown clause 'nope'; the file's clauses are: kontakt, gyldighed",
      },
    ]);
  });
});

describe(resolveValidity.name, () => {
  it("takes a one-day agreement (both days inclusive, seed 002) and cites the validity's clause", () => {
    const { result, issues } = resolved((list) =>
      resolveValidity({ from: '2026-03-01', to: '2026-03-01', clause: 'ophoer' }, CLAUSES, list),
    );
    expect(result).toEqual({ from: '2026-03-01', to: '2026-03-01', clauseId: 'ophoer' });
    expect(issues.map((i) => i.path)).toEqual(['validity.clause']);
  });
});

describe(resolveParties.name, () => {
  const directory = new PartyDirectory(
    [HK, HORSENS, METAL].map((ref) => ({ ...ref, name: ref.id, sourceFile: 'parties.yaml' })),
    [{ id: 'LO-AKASSER', name: 'LO', members: [HK, METAL], sourceFile: 'parties.yaml' }],
  );

  it('expands a group, keeps each party once in the order given, and remembers the group', () => {
    const { result, issues } = resolved((list) =>
      resolveParties([HK, { group: 'LO-AKASSER' }, HORSENS], directory, list),
    );
    expect(issues).toEqual([]);
    expect(result).toEqual({ parties: [HK, METAL, HORSENS], partyGroups: ['LO-AKASSER'] });
  });

  it('needs two distinct parties, but says so only when nothing else explains it', () => {
    expect(resolved((list) => resolveParties([HK, HK], directory, list)).issues).toEqual([
      { path: 'parties', message: 'an agreement needs at least two distinct parties' },
    ]);
    const unknown = resolved((list) => resolveParties([HK, { kind: 'akasse', id: 'DANA' }], directory, list));
    expect(unknown.issues.map((i) => i.path)).toEqual(['parties[1]']);
    // An earlier section's issue in the same list holds it back too.
    const earlier: SectionIssue[] = [{ path: 'validity.to', message: 'ends before it starts' }];
    resolveParties([HK, HK], directory, earlier);
    expect(earlier).toHaveLength(1);
  });
});

describe(resolveCovers.name, () => {
  const context = { parties: [HK, HORSENS], hasPhases: false };

  it("fills in the kind's own channel and the rule's clause for a wrong channel", () => {
    const { result, issues } = resolved((list) => resolveCovers([inquiry()], context, CLAUSES, list));
    expect(issues).toEqual([]);
    expect(result[0]).toMatchObject({
      channels: ['beskedmodul'],
      clauseId: 'kontakt',
      channelClauseId: 'kontakt',
    });
  });

  it('needs a signatory kind on one side', () => {
    const { issues } = resolved((list) =>
      resolveCovers(
        [inquiry({ kind: 'vitas.PlacementGranted', from: ['vitas'], to: ['company'] })],
        context,
        CLAUSES,
        list,
      ),
    );
    expect(issues).toContainEqual({
      path: 'covers[0]',
      message: 'at least one side must be a signatory kind (akasse, jobcenter or union)',
    });
  });

  it('refuses a second rule for a direction already covered, also through bothWays', () => {
    const { issues } = resolved((list) =>
      resolveCovers(
        [
          inquiry({ bothWays: true }),
          inquiry({ kind: 'beskedmodul.InquiryAnswer' }),
          inquiry({ from: ['jobcenter'], to: ['akasse'] }),
        ],
        context,
        CLAUSES,
        list,
      ),
    );
    expect(issues).toEqual([
      {
        path: 'covers[2]',
        message: 'overlaps covers[0] for beskedmodul.Inquiry: each direction may be covered once',
      },
    ]);
  });
});

describe(resolvePhases.name, () => {
  it('is absent when the file has none, and cites a known clause when it has', () => {
    expect(resolved((list) => resolvePhases(undefined, CLAUSES, list))).toEqual({
      result: undefined,
      issues: [],
    });
    const { result, issues } = resolved((list) =>
      resolvePhases({ akasseUntilEndOfMonth: 3, clause: 'overgang' }, CLAUSES, list),
    );
    expect(result).toEqual({
      akasseUntilEndOfMonth: 3,
      handoverAtBenefitHours: undefined,
      clauseId: 'overgang',
    });
    expect(issues.map((i) => i.path)).toEqual(['phases.clause']);
  });
});

describe(resolveTargetGroups.name, () => {
  it('refuses a group id used twice and an empty age range', () => {
    const group = {
      id: 'unge',
      da: 'Unge',
      en: 'Young',
      noneOfCategories: [],
      minAge: 18,
      maxAgeExclusive: 30,
    };
    const { result, issues } = resolved((list) =>
      resolveTargetGroups({ clause: 'kontakt', groups: [group, { ...group, minAge: 30 }] }, CLAUSES, list),
    );
    expect(issues).toEqual([
      { path: 'targetGroups.groups[1].id', message: "duplicate group id 'unge'" },
      { path: 'targetGroups.groups[1]', message: 'minAge must be below maxAgeExclusive' },
    ]);
    expect(result?.clauseId).toBe('kontakt');
  });
});

describe(resolveRecommendation.name, () => {
  const recommendation = { clause: 'kontakt', requiredFields: ['price' as const] };

  it('applies only in an agreement that covers the early-offer recommendation', () => {
    const covered = resolved((list) =>
      resolveRecommendation(recommendation, new Set(['beskedmodul.EarlyOfferRecommendation']), CLAUSES, list),
    );
    expect(covered).toEqual({ result: { clauseId: 'kontakt', requiredFields: ['price'] }, issues: [] });
    const { issues } = resolved((list) =>
      resolveRecommendation(recommendation, new Set(['beskedmodul.Inquiry']), CLAUSES, list),
    );
    expect(issues).toEqual([
      {
        path: 'recommendation',
        message:
          'the agreement does not cover beskedmodul.EarlyOfferRecommendation, so these requirements would never apply',
      },
    ]);
  });
});

describe(resolveTargets.name, () => {
  const context = { coveredKinds: new Set(['beskedmodul.Inquiry'] as const), hasPhases: false };

  it('reads "hurtigst muligt" without a number as the hub default', () => {
    const { result, issues } = resolved((list) =>
      resolveTargets([answer({ due: undefined, asFastAsPossible: true })], context, CLAUSES, list),
    );
    expect(issues).toEqual([]);
    expect(result[0]?.due).toEqual({
      type: 'working-days-after-exchange',
      workingDays: DEFAULT_AS_FAST_AS_POSSIBLE_WORKING_DAYS,
    });
  });

  it('refuses a target id used twice, a deadline before a handover it cannot know, and no trigger', () => {
    const { issues } = resolved((list) =>
      resolveTargets(
        [
          answer(),
          answer({ due: { calendarDaysBeforeHandover: 14 }, triggers: [] }),
          answer({ id: 'x', triggers: [] }),
        ],
        context,
        CLAUSES,
        list,
      ),
    );
    expect(issues).toEqual([
      { path: 'targets[1].id', message: "duplicate target id 'svar'" },
      {
        path: 'targets[1].due',
        message: 'a deadline before the handover needs a phases section to know the handover',
      },
      { path: 'targets[2].triggers', message: 'a response-time target needs at least one trigger kind' },
    ]);
    // With phases, a deadline before the handover needs no trigger.
    const withPhases = resolved((list) =>
      resolveTargets(
        [answer({ due: { workingDaysBeforeHandover: 1 }, triggers: [] })],
        { ...context, hasPhases: true },
        CLAUSES,
        list,
      ),
    );
    expect(withPhases.issues).toEqual([]);
  });
});

describe(resolveDue.name, () => {
  it('reads each way of writing a due date', () => {
    expect(resolveDue({ workingDaysAfterExchange: 2 }, false)).toEqual({
      type: 'working-days-after-exchange',
      workingDays: 2,
    });
    expect(resolveDue({ calendarDaysBeforeHandover: 14 }, true)).toEqual({
      type: 'calendar-days-before-handover',
      calendarDays: 14,
    });
    expect(resolveDue({ workingDaysBeforeHandover: 1 }, false)).toEqual({
      type: 'working-days-before-handover',
      workingDays: 1,
    });
    expect(resolveDue({ calendarDaysBeforePlacementStart: 0 }, false)).toEqual({
      type: 'calendar-days-before-placement-start',
      calendarDays: 0,
    });
    expect(resolveDue(undefined, false)).toBeUndefined();
  });
});

describe(resolvePolicy.name, () => {
  it('keeps the severities an agreement sets, also one it may only raise', () => {
    const { result, issues } = resolved((list) =>
      resolvePolicy({ WRONG_CHANNEL: 'deliver_and_flag', UNION_CONSENT_MISSING: 'reject' }, list),
    );
    expect(issues).toEqual([]);
    expect(result).toEqual({ WRONG_CHANNEL: 'deliver_and_flag', UNION_CONSENT_MISSING: 'reject' });
  });
});

describe(resolveFindingClauses.name, () => {
  it('keeps the clause each finding cites, a known one', () => {
    const { result, issues } = resolved((list) =>
      resolveFindingClauses({ WRONG_CHANNEL: 'kontakt', WRONG_PHASE: 'overgang' }, CLAUSES, list),
    );
    expect(result).toEqual({ WRONG_CHANNEL: 'kontakt', WRONG_PHASE: 'overgang' });
    expect(issues.map((i) => i.path)).toEqual(['findingClauses.WRONG_PHASE']);
  });
});
