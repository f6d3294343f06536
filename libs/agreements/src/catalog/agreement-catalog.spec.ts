import { AgreementCatalog, partnersOf } from './agreement-catalog';
import { describeAgreements, formatAgreementDescriptions } from './describe-agreements';
import { P, catalogOf, minimalAgreement, seeds } from '../testing/fixtures';

describe(AgreementCatalog.name, () => {
  it('finds the agreement covering (sender, receiver, kind) on a date, with the matching rule', () => {
    const [match, ...others] = seeds().findCovering({
      sender: P.akasse3F,
      receiver: P.jobcenterNorddjurs,
      kind: 'beskedmodul.EarlyOfferRecommendation',
      date: '2024-01-01',
    });
    expect(others).toEqual([]);
    expect(match?.agreement.id).toBe('norddjurs-akasse-2024');
    expect(match?.rule).toMatchObject({
      clauseId: 'tilbud-indstilling',
      channels: ['beskedmodul'],
      phaseBound: true,
    });
  });

  it('finds nothing in force for Viborg in 2021, but knows the agreement that used to cover it', () => {
    const query = {
      sender: P.jobcenterViborg,
      receiver: P.akasse3F,
      kind: 'beskedmodul.AvailabilityQuestion',
    } as const;
    expect(seeds().findCovering({ ...query, date: '2021-01-01' })).toEqual([]);
    expect(
      seeds()
        .coverageFor(query)
        .map((m) => m.agreement.id),
    ).toEqual(['viborg-lo-ftf-2020']);
  });

  it('covers both directions of an inquiry marked bothWays', () => {
    const at = { kind: 'beskedmodul.Inquiry', date: '2024-06-03' } as const;
    expect(seeds().findCovering({ ...at, sender: P.akasse3F, receiver: P.jobcenterNorddjurs })).toHaveLength(
      1,
    );
    expect(seeds().findCovering({ ...at, sender: P.jobcenterNorddjurs, receiver: P.akasse3F })).toHaveLength(
      1,
    );
  });

  it('does not let a direction that is not covered through (a decision sent by the a-kasse)', () => {
    const found = seeds().findCovering({
      sender: P.akasse3F,
      receiver: P.jobcenterNorddjurs,
      kind: 'beskedmodul.EarlyOfferDecision',
      date: '2024-06-03',
    });
    expect(found).toEqual([]);
  });

  it('prefers a signed agreement to a draft, then the most recent, when two cover the same exchange', () => {
    const older = {
      ...minimalAgreement(),
      id: 'horsens-hk-2020',
      validity: { from: '2020-01-01', clause: 'gyldighed' },
    };
    const draft = {
      ...minimalAgreement(),
      id: 'horsens-hk-draft',
      status: 'draft',
      validity: { from: '2025-01-01', clause: 'gyldighed' },
    };
    const catalog = catalogOf(older, draft, minimalAgreement());
    const found = catalog.findCovering({
      sender: P.akasseHK,
      receiver: P.jobcenterHorsens,
      kind: 'beskedmodul.Inquiry',
      date: '2026-05-04',
    });
    expect(found.map((m) => m.agreement.id)).toEqual([
      'horsens-hk-2026',
      'horsens-hk-2020',
      'horsens-hk-draft',
    ]);
  });

  it('tells the router which receivers it knows', () => {
    const catalog = seeds();
    expect(catalog.isKnownParty(P.akasse3F)).toBe(true);
    expect(catalog.isKnownParty({ kind: 'akasse', id: 'DANA' })).toBe(false);
    expect(catalog.isKnownParty({ kind: 'jobcenter', id: '851' })).toBe(false);
    expect(catalog.isKnownParty(P.company)).toBe(true);
    expect(catalog.isKnownParty({ kind: 'company', id: '1234' })).toBe(false);
    expect(catalog.isKnownParty({ kind: 'hub', id: 'HUB' })).toBe(false);
  });

  it('lists every partner for topic declarations: directory parties, then VITAS and JobAG', () => {
    const partners = partnersOf(seeds());
    expect(partners).toContainEqual(P.jobcenterNorddjurs);
    expect(partners).toContainEqual(P.unionLoViborg);
    expect(partners.slice(-2)).toEqual([P.vitas, { kind: 'jobag', id: 'JOBAG' }]);
  });

  it('gives display names for texts, falling back to kind and id', () => {
    expect(seeds().displayName(P.jobcenterNorddjurs)).toBe('Jobcenter Norddjurs');
    expect(seeds().displayName(P.company)).toBe('CVR 12345674');
  });
});

describe(describeAgreements.name, () => {
  it("describes each agreement's state on a given day, its targets and its effective policy", () => {
    const described = describeAgreements(seeds(), '2025-06-01');
    expect(described.map((d) => [d.id, d.state])).toEqual([
      ['hedensted-fh-2021', 'in-force'],
      ['norddjurs-akasse-2024', 'in-force'],
      ['viborg-lo-ftf-2020', 'ended'],
      ['koebenhavn-lo-akasser-2009', 'in-force'],
    ]);
    const norddjurs = described[1];
    expect(norddjurs?.targets.find((t) => t.id === 'recommendation-decision')).toMatchObject({
      due: '5 working days after the exchange',
      asFastAsPossible: true,
    });
    expect(described[3]?.policy.WRONG_CHANNEL).toEqual({
      severity: 'deliver_and_flag',
      basis: 'draft-agreement',
    });
    expect(norddjurs?.notifications).toEqual({ digest: 'daily' });
    expect(norddjurs?.retention).toEqual({ exchangeLogMonths: 36 });
  });

  it('renders plain text for the CLI', () => {
    const text = formatAgreementDescriptions(describeAgreements(seeds()));
    expect(text).toContain('norddjurs-akasse-2024 — Agreement between Jobcenter Norddjurs');
    expect(text).toContain('beskedmodul.Inquiry  akasse ⇄ jobcenter  via beskedmodul');
  });
});
