import { judgeExchange } from './judge-exchange';
import { resolveSeverity } from './severity-policy';
import { P, calendar, catalogOf, general, minimalAgreement } from '../testing/fixtures';

/** Horsens + HK + FH Horsens Hedensted; inquiries and three-party meetings; ended 2026-12-31. */
function agreement(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    ...minimalAgreement(),
    parties: [
      { kind: 'jobcenter', id: '615' },
      { kind: 'akasse', id: 'HK' },
      { kind: 'union', id: 'FH-HORSENS-HEDENSTED' },
    ],
    covers: [
      {
        kind: 'beskedmodul.Inquiry',
        from: ['akasse', 'union'],
        to: ['jobcenter'],
        bothWays: true,
        clause: 'kontakt',
      },
      { kind: 'beskedmodul.AvailabilityQuestion', from: ['jobcenter'], to: ['akasse'], clause: 'kontakt' },
      { kind: 'jobag.JobOrderForwarded', from: ['akasse'], to: ['jobcenter'], clause: 'kontakt' },
    ],
    ...overrides,
  };
}

describe(resolveSeverity.name, () => {
  it('uses the default when the agreement sets nothing', () => {
    expect(resolveSeverity('WRONG_PHASE', undefined, 'beskedmodul.Inquiry')).toEqual({
      severity: 'deliver_and_flag',
      basis: 'default',
    });
  });

  it("lets an agreement's policy reject a non-statutory exchange after the agreement ended", () => {
    const catalog = catalogOf(agreement({ policy: { NO_AGREEMENT_IN_FORCE: 'reject' } }));
    const inquiry = general('beskedmodul.Inquiry', {
      sender: P.akasseHK,
      receivers: [P.jobcenterHorsens],
      date: '2027-01-04',
    });
    const [finding] = judgeExchange(inquiry, catalog, calendar).findings;
    expect(finding).toMatchObject({
      code: 'NO_AGREEMENT_IN_FORCE',
      severity: 'reject',
      severityBasis: 'agreement-policy',
    });
  });

  it.each([
    [
      'an availability question (rådighed)',
      'beskedmodul.AvailabilityQuestion',
      P.jobcenterHorsens,
      P.akasseHK,
      'beskedmodul',
    ],
    [
      'a job order forwarded through JobAG',
      'jobag.JobOrderForwarded',
      P.akasseHK,
      P.jobcenterHorsens,
      'jobag',
    ],
  ] as const)(
    'never rejects %s for a lapsed agreement, even when the policy says reject (seed 000)',
    (_name, kind, sender, receiver, channel) => {
      const catalog = catalogOf(agreement({ policy: { NO_AGREEMENT_IN_FORCE: 'reject' } }));
      const judgement = judgeExchange(
        general(kind, { sender, receivers: [receiver], channel, date: '2027-01-04' }),
        catalog,
        calendar,
      );
      expect(judgement.findings[0]).toMatchObject({
        code: 'NO_AGREEMENT_IN_FORCE',
        severity: 'deliver_and_flag',
        severityBasis: 'law',
      });
      expect(judgement.verdict).toBe('deliver_and_flag');
    },
  );

  it('lets an agreement lower a default, e.g. a wrong channel only flagged', () => {
    const catalog = catalogOf(agreement({ policy: { WRONG_CHANNEL: 'note' } }));
    const judgement = judgeExchange(
      general('jobag.JobOrderForwarded', {
        sender: P.akasseHK,
        receivers: [P.jobcenterHorsens],
        channel: 'beskedmodul',
        date: '2026-03-02',
      }),
      catalog,
      calendar,
    );
    expect(judgement.findings).toEqual([
      expect.objectContaining({ code: 'WRONG_CHANNEL', severity: 'note' }),
    ]);
    expect(judgement.verdict).toBe('deliver');
  });

  it('caps a draft agreement at deliver_and_flag (seed 003 is "UDKAST")', () => {
    const catalog = catalogOf(agreement({ status: 'draft' }));
    const [finding] = judgeExchange(
      general('jobag.JobOrderForwarded', {
        sender: P.akasseHK,
        receivers: [P.jobcenterHorsens],
        channel: 'beskedmodul',
        date: '2026-03-02',
      }),
      catalog,
      calendar,
    ).findings;
    expect(finding).toMatchObject({
      code: 'WRONG_CHANNEL',
      severity: 'deliver_and_flag',
      severityBasis: 'draft-agreement',
    });
  });

  it('still rejects a union exchange without consent under a draft: the law is the floor', () => {
    const catalog = catalogOf(agreement({ status: 'draft' }));
    const judgement = judgeExchange(
      general('beskedmodul.Inquiry', {
        sender: P.unionFhHorsensHedensted,
        receivers: [P.jobcenterHorsens],
        date: '2026-03-02',
        citizen: {},
      }),
      catalog,
      calendar,
    );
    expect(judgement.findings).toEqual([
      expect.objectContaining({ code: 'UNION_CONSENT_MISSING', severity: 'reject', severityBasis: 'law' }),
    ]);
    expect(judgement.verdict).toBe('reject');
  });
});
