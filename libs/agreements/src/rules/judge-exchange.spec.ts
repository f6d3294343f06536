import type { Exchange } from '../exchange/exchange';
import { P, calendar, general, placement, recommendation, riskNotice, seeds } from '../testing/fixtures';
import type { FindingCode, Severity, Verdict } from './finding';
import { InvalidExchangeError, judgeExchange } from './judge-exchange';

interface Row {
  /** What a user would check. */
  readonly name: string;
  readonly exchange: Exchange;
  /** The finding expected, or undefined for "no finding of this code". */
  readonly code: FindingCode;
  readonly expected?: {
    readonly severity: Severity;
    readonly clauseRef: string;
    readonly agreementId?: string;
  };
  readonly verdict: Verdict;
}

/** Runs a table: each row either expects one finding of `code` with its clause, or none of it. */
function runTable(rows: readonly Row[]): void {
  it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const judgement = judgeExchange(row.exchange, seeds(), calendar);
    const findings = judgement.findings.filter((f) => f.code === row.code);
    if (row.expected === undefined) {
      expect(findings).toEqual([]);
    } else {
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        severity: row.expected.severity,
        clauseRef: row.expected.clauseRef,
      });
      if (row.expected.agreementId !== undefined)
        expect(findings[0]?.agreementId).toBe(row.expected.agreementId);
      expect(findings[0]?.messageDa).not.toBe('');
      expect(findings[0]?.messageEn).not.toBe('');
    }
    expect(judgement.verdict).toBe(row.verdict);
  });
}

const VIBORG = 'viborg-lo-ftf-2020';
const NORDDJURS = 'norddjurs-akasse-2024';

describe(judgeExchange.name, () => {
  describe('governing agreement and clause', () => {
    it('names the agreement and clause that govern a recommendation to Jobcenter Norddjurs', () => {
      const judgement = judgeExchange(recommendation(), seeds(), calendar);
      expect(judgement).toEqual({
        exchangeId: 'msg-recommendation',
        agreement: { id: NORDDJURS, clauseId: 'tilbud-indstilling', clauseRef: 'seed 001, Tilbud' },
        findings: [],
        verdict: 'deliver',
      });
    });

    it('is a pure function: the same exchange judged twice gives equal judgements and is not modified', () => {
      const exchange = Object.freeze(recommendation({ date: '2025-04-20' }));
      const first = judgeExchange(exchange, seeds(), calendar);
      const second = judgeExchange(exchange, seeds(), calendar);
      expect(second).toEqual(first);
      expect(exchange).toEqual(recommendation({ date: '2025-04-20' }));
    });

    it('refuses to judge an exchange whose date is not an ISO date (a router bug, not a finding)', () => {
      expect(() => judgeExchange(recommendation({ date: '10-03-2025' }), seeds(), calendar)).toThrow(
        InvalidExchangeError,
      );
    });
  });

  describe('NO_AGREEMENT_IN_FORCE — validity period (seed 002 heading, seed 001 Ikrafttrædelse; seed 000 Aftalens rammer)', () => {
    const availability = (date: string): Exchange =>
      general('beskedmodul.AvailabilityQuestion', {
        sender: P.jobcenterViborg,
        receivers: [P.akasse3F],
        date,
        citizen: { categories: ['sick-listed-unemployed'] },
      });
    runTable([
      {
        name: 'flags (never rejects) a statutory exchange with Viborg after the agreement ended on 2020-12-31',
        exchange: availability('2021-01-04'),
        code: 'NO_AGREEMENT_IN_FORCE',
        expected: { severity: 'deliver_and_flag', clauseRef: 'seed 002, indledning', agreementId: VIBORG },
        verdict: 'deliver_and_flag',
      },
      {
        name: 'treats the last day of the validity period (2020-12-31) as in force',
        exchange: availability('2020-12-31'),
        code: 'NO_AGREEMENT_IN_FORCE',
        verdict: 'deliver',
      },
      {
        name: 'treats the first day of the validity period (2020-01-01) as in force',
        exchange: availability('2020-01-01'),
        code: 'NO_AGREEMENT_IN_FORCE',
        verdict: 'deliver',
      },
      {
        name: 'flags an exchange on the day before the agreement starts (2019-12-31)',
        exchange: availability('2019-12-31'),
        code: 'NO_AGREEMENT_IN_FORCE',
        expected: { severity: 'deliver_and_flag', clauseRef: 'seed 002, indledning', agreementId: VIBORG },
        verdict: 'deliver_and_flag',
      },
      {
        name: "covers a Norddjurs recommendation on the agreement's last day, 2025-12-31",
        exchange: recommendation({
          date: '2025-12-31',
          citizen: { unemployment: { startDate: '2025-11-01' } },
        }),
        code: 'NO_AGREEMENT_IN_FORCE',
        verdict: 'deliver',
      },
      {
        name: 'flags a Norddjurs recommendation on 2026-01-01, the day after the agreement ended',
        exchange: recommendation({
          date: '2026-01-01',
          citizen: { unemployment: { startDate: '2025-11-01' } },
        }),
        code: 'NO_AGREEMENT_IN_FORCE',
        expected: {
          severity: 'deliver_and_flag',
          clauseRef: 'seed 001, Ikrafttrædelse, gyldighedsperiode, revision af aftale',
          agreementId: NORDDJURS,
        },
        verdict: 'deliver_and_flag',
      },
    ]);

    it('does not apply the terms of a lapsed agreement: an incomplete recommendation after 2025 is only flagged', () => {
      const judgement = judgeExchange(
        recommendation({ date: '2026-01-05', recommendation: { offerType: 'course' } }),
        seeds(),
        calendar,
      );
      expect(judgement.findings.map((f) => f.code)).toEqual(['NO_AGREEMENT_IN_FORCE']);
      expect(judgement.agreement).toBeUndefined();
    });

    it('says in the finding that a statutory exchange is not blocked (seed 000)', () => {
      const [finding] = judgeExchange(availability('2021-01-04'), seeds(), calendar).findings;
      expect(finding?.details).toMatchObject({
        reason: 'ended',
        validFrom: '2020-01-01',
        validTo: '2020-12-31',
        statutory: true,
      });
      expect(finding?.messageDa).toContain('seed 000');
    });
  });

  describe('OUTSIDE_ANY_AGREEMENT — exchanges no agreement covers', () => {
    runTable([
      {
        name: 'notes an inquiry from Krifa (not an FH a-kasse) to Jobcenter Hedensted as outside any agreement',
        exchange: general('beskedmodul.Inquiry', {
          sender: P.akasseKrifa,
          receivers: [P.jobcenterHedensted],
          date: '2024-05-06',
        }),
        code: 'OUTSIDE_ANY_AGREEMENT',
        expected: {
          severity: 'note',
          clauseRef: 'no agreement: the exchange is outside every agreement in the catalog',
        },
        verdict: 'deliver',
      },
      {
        name: 'notes a kind the parties have no agreement about (a three-party meeting with Norddjurs)',
        exchange: general('beskedmodul.ThreePartyMeetingRequest', {
          sender: P.jobcenterNorddjurs,
          receivers: [P.akasse3F],
        }),
        code: 'OUTSIDE_ANY_AGREEMENT',
        expected: {
          severity: 'note',
          clauseRef: 'no agreement: the exchange is outside every agreement in the catalog',
        },
        verdict: 'deliver',
      },
    ]);
  });

  describe('WRONG_CHANNEL — seed 001, Tilbud ("kun én vej ... beskedmodulet") and Jobformidling ("skal ske via JobAG")', () => {
    runTable([
      {
        name: 'rejects a recommendation that arrived through JobAG instead of the message module',
        exchange: recommendation({ channel: 'jobag' }),
        code: 'WRONG_CHANNEL',
        expected: { severity: 'reject', clauseRef: 'seed 001, Tilbud', agreementId: NORDDJURS },
        verdict: 'reject',
      },
      {
        name: 'rejects a job order forwarded through the message module instead of JobAG',
        exchange: general('jobag.JobOrderForwarded', { channel: 'beskedmodul' }),
        code: 'WRONG_CHANNEL',
        expected: { severity: 'reject', clauseRef: 'seed 001, Jobformidling', agreementId: NORDDJURS },
        verdict: 'reject',
      },
      {
        name: 'accepts a job order forwarded through JobAG',
        exchange: general('jobag.JobOrderForwarded', { channel: 'jobag' }),
        code: 'WRONG_CHANNEL',
        verdict: 'deliver',
      },
    ]);
  });

  describe('WRONG_PHASE — seed 001 Jobsamtaler (a-kasse months 1–3, jobcenter 4–6); seed 003 (a-kasse until month 6)', () => {
    const started = (startDate: string, benefitHoursPaid?: number) => ({
      categories: ['insured-unemployed'] as const,
      unemployment: { startDate, ...(benefitHoursPaid === undefined ? {} : { benefitHoursPaid }) },
    });
    const jobClub = (date: string, startDate: string) =>
      general('beskedmodul.JobClubReferral', {
        sender: P.akasse3F,
        receivers: [P.jobcenterKobenhavn],
        date,
        citizen: { ...started(startDate), age: 40 },
      });
    runTable([
      {
        name: 'accepts a recommendation on the last day of month 3 (start 2025-01-15, sent 2025-04-14)',
        exchange: recommendation({ date: '2025-04-14', citizen: started('2025-01-15') }),
        code: 'WRONG_PHASE',
        verdict: 'deliver',
      },
      {
        name: "flags a recommendation from the a-kasse in month 4, the jobcenter's phase (sent 2025-04-15)",
        exchange: recommendation({ date: '2025-04-15', citizen: started('2025-01-15') }),
        code: 'WRONG_PHASE',
        expected: {
          severity: 'deliver_and_flag',
          clauseRef: 'seed 001, Jobsamtaler',
          agreementId: NORDDJURS,
        },
        verdict: 'deliver_and_flag',
      },
      {
        name: 'lets paid benefit hours decide when known: 410 hours means the jobcenter has taken over',
        exchange: recommendation({ date: '2025-03-10', citizen: started('2025-01-15', 410) }),
        code: 'WRONG_PHASE',
        expected: {
          severity: 'deliver_and_flag',
          clauseRef: 'seed 001, Jobsamtaler',
          agreementId: NORDDJURS,
        },
        verdict: 'deliver_and_flag',
      },
      {
        name: 'accepts a recommendation at 409 paid benefit hours even in month 4',
        exchange: recommendation({ date: '2025-04-20', citizen: started('2025-01-15', 409) }),
        code: 'WRONG_PHASE',
        verdict: 'deliver',
      },
      {
        name: 'accepts a Copenhagen job-club referral on the last day of month 6 (seed 003)',
        exchange: jobClub('2024-07-09', '2024-01-10'),
        code: 'WRONG_PHASE',
        verdict: 'deliver',
      },
      {
        name: 'flags a Copenhagen job-club referral in month 7, after the partnership period (seed 003)',
        exchange: jobClub('2024-07-10', '2024-01-10'),
        code: 'WRONG_PHASE',
        expected: {
          severity: 'deliver_and_flag',
          clauseRef: 'seed 003, forudsætninger og generelle rammer',
          agreementId: 'koebenhavn-lo-akasser-2009',
        },
        verdict: 'deliver_and_flag',
      },
    ]);
  });

  describe('OUTSIDE_TARGET_GROUP — seed 003 (under 30 excluded unless agreed); seed 002 §1.2', () => {
    const jobClub = (citizen: Exchange['citizen']) =>
      general('beskedmodul.JobClubReferral', {
        sender: P.akasse3F,
        receivers: [P.jobcenterKobenhavn],
        date: '2024-03-04',
        citizen: { unemployment: { startDate: '2024-02-01' }, ...citizen },
      });
    const ref003 = 'seed 003, forudsætninger og generelle rammer';
    runTable([
      {
        name: 'flags a Copenhagen partnership exchange about a 25-year-old',
        exchange: jobClub({ age: 25, categories: ['insured-unemployed'] }),
        code: 'OUTSIDE_TARGET_GROUP',
        expected: { severity: 'deliver_and_flag', clauseRef: ref003 },
        verdict: 'deliver_and_flag',
      },
      {
        name: 'accepts a citizen who turns 30 on the exchange date',
        exchange: jobClub({ birthDate: '1994-03-04', categories: ['insured-unemployed'] }),
        code: 'OUTSIDE_TARGET_GROUP',
        verdict: 'deliver',
      },
      {
        name: 'flags a citizen whose 30th birthday is the day after the exchange',
        exchange: jobClub({ birthDate: '1994-03-05', categories: ['insured-unemployed'] }),
        code: 'OUTSIDE_TARGET_GROUP',
        expected: { severity: 'deliver_and_flag', clauseRef: ref003 },
        verdict: 'deliver_and_flag',
      },
      {
        name: 'accepts an under-30 in a group of young unemployed the parties agreed to include',
        exchange: jobClub({ age: 25, categories: ['insured-unemployed', 'agreed-youth-group'] }),
        code: 'OUTSIDE_TARGET_GROUP',
        verdict: 'deliver',
      },
      {
        name: "flags a 40-year-old in the jobcenter's special effort",
        exchange: jobClub({ age: 40, categories: ['insured-unemployed', 'jobcenter-special-effort'] }),
        code: 'OUTSIDE_TARGET_GROUP',
        expected: { severity: 'deliver_and_flag', clauseRef: ref003 },
        verdict: 'deliver_and_flag',
      },
      {
        name: 'raises nothing when the router does not know the categories (unknown is not outside)',
        exchange: jobClub({ age: 40 }),
        code: 'OUTSIDE_TARGET_GROUP',
        verdict: 'deliver',
      },
      {
        name: 'flags a Viborg exchange about an insured unemployed person in the a-kasse trial (seed 002 §1.2)',
        exchange: general('beskedmodul.AvailabilityQuestion', {
          sender: P.jobcenterViborg,
          receivers: [P.akasse3F],
          date: '2020-06-02',
          citizen: { categories: ['insured-unemployed', 'akasse-trial-2020'] },
        }),
        code: 'OUTSIDE_TARGET_GROUP',
        expected: {
          severity: 'deliver_and_flag',
          clauseRef: 'seed 002, §1.2 Målgruppe',
          agreementId: VIBORG,
        },
        verdict: 'deliver_and_flag',
      },
    ]);
  });

  describe('RECOMMENDATION_INCOMPLETE — seed 001, Oplysninger til indstilling', () => {
    const ref = 'seed 001, Oplysninger til indstilling';
    const withoutPriceAndTitle = {
      ...recommendation().recommendation,
      priceDkk: undefined,
      courseTitle: undefined,
    };
    runTable([
      {
        name: 'rejects a recommendation of a course without a price',
        exchange: recommendation({
          recommendation: { ...recommendation().recommendation, priceDkk: undefined },
        }),
        code: 'RECOMMENDATION_INCOMPLETE',
        expected: { severity: 'reject', clauseRef: ref, agreementId: NORDDJURS },
        verdict: 'reject',
      },
      {
        name: 'rejects a recommendation of an education without the course title',
        exchange: recommendation({
          recommendation: { ...recommendation().recommendation, offerType: 'education', courseTitle: ' ' },
        }),
        code: 'RECOMMENDATION_INCOMPLETE',
        expected: { severity: 'reject', clauseRef: ref },
        verdict: 'reject',
      },
      {
        name: 'accepts guidance without price or course title (only courses and education need them)',
        exchange: recommendation({ recommendation: { ...withoutPriceAndTitle, offerType: 'guidance' } }),
        code: 'RECOMMENDATION_INCOMPLETE',
        verdict: 'deliver',
      },
      {
        name: "rejects a recommendation without the caseworker's phone number",
        exchange: recommendation({
          recommendation: {
            ...recommendation().recommendation,
            caseworker: { name: 'A', email: 'a@x.example' },
          },
        }),
        code: 'RECOMMENDATION_INCOMPLETE',
        expected: { severity: 'reject', clauseRef: ref },
        verdict: 'reject',
      },
      {
        name: "rejects a recommendation without the citizen's own motivation",
        exchange: recommendation({ recommendation: { ...recommendation().recommendation, motivation: '' } }),
        code: 'RECOMMENDATION_INCOMPLETE',
        expected: { severity: 'reject', clauseRef: ref },
        verdict: 'reject',
      },
      {
        name: 'rejects a recommendation whose end date is before its start date',
        exchange: recommendation({
          recommendation: {
            ...recommendation().recommendation,
            startDate: '2025-04-01',
            endDate: '2025-03-01',
          },
        }),
        code: 'RECOMMENDATION_INCOMPLETE',
        expected: { severity: 'reject', clauseRef: ref },
        verdict: 'reject',
      },
      {
        name: 'accepts a recommendation without the provider\'s contact person ("evt." in the seed)',
        exchange: recommendation(),
        code: 'RECOMMENDATION_INCOMPLETE',
        verdict: 'deliver',
      },
    ]);

    it('lists exactly the missing fields, in Danish and English', () => {
      const [finding] = judgeExchange(
        recommendation({
          recommendation: { ...recommendation().recommendation, priceDkk: undefined, weeklyHours: undefined },
        }),
        seeds(),
        calendar,
      ).findings;
      expect(finding?.details).toEqual({ missingFields: ['weekly-hours', 'price'], invalidFields: [] });
      expect(finding?.messageDa).toContain('ugentligt timetal, pris');
      expect(finding?.messageEn).toContain('weekly hours, price');
    });

    it('asks only for the offer type when it is missing, since price depends on it', () => {
      const withoutType = { ...withoutPriceAndTitle, offerType: undefined };
      const [finding] = judgeExchange(
        recommendation({ recommendation: withoutType }),
        seeds(),
        calendar,
      ).findings;
      expect(finding?.details?.['missingFields']).toEqual(['offer-type']);
    });
  });

  describe('RISK_NOTICE_LATE — seed 001 "gerne 14 dage inden overgangen"', () => {
    const ref = 'seed 001, A-kassens vurdering af den lediges risiko for langtidsledighed';
    runTable([
      {
        name: 'accepts a risk notice exactly 14 days before the handover (2025-04-01 for 2025-04-15)',
        exchange: riskNotice({ date: '2025-04-01' }),
        code: 'RISK_NOTICE_LATE',
        verdict: 'deliver',
      },
      {
        name: 'delivers but flags a risk notice 13 days before the handover (2025-04-02)',
        exchange: riskNotice({ date: '2025-04-02' }),
        code: 'RISK_NOTICE_LATE',
        expected: { severity: 'deliver_and_flag', clauseRef: ref, agreementId: NORDDJURS },
        verdict: 'deliver_and_flag',
      },
      {
        name: 'derives the handover from the unemployment start when the notice states none (start 2025-01-15)',
        exchange: riskNotice({
          date: '2025-04-05',
          plannedHandoverDate: undefined,
          citizen: { unemployment: { startDate: '2025-01-15' } },
        }),
        code: 'RISK_NOTICE_LATE',
        expected: { severity: 'deliver_and_flag', clauseRef: ref },
        verdict: 'deliver_and_flag',
      },
    ]);

    it('reports the handover, the deadline and the days left', () => {
      const [finding] = judgeExchange(riskNotice({ date: '2025-04-02' }), seeds(), calendar).findings;
      expect(finding?.details).toEqual({
        handoverDate: '2025-04-15',
        handoverBasis: 'stated',
        deadline: '2025-04-01',
        daysBeforeHandover: 13,
      });
    });
  });

  describe('RESPONSE_LATE — seed 001 "hurtigst muligt" as 5 working days, across Danish holidays', () => {
    const decision = (replyTo: string, date: string) =>
      general('beskedmodul.EarlyOfferDecision', {
        sender: P.jobcenterNorddjurs,
        receivers: [P.akasse3F],
        date,
        inReplyTo: {
          exchangeId: 'msg-recommendation',
          kind: 'beskedmodul.EarlyOfferRecommendation',
          date: replyTo,
        },
      });
    const ref = 'seed 001, Tilbud';
    runTable([
      {
        name: 'accepts a decision on 2025-04-28 for a recommendation of Wednesday 2025-04-16 (Easter in between)',
        exchange: decision('2025-04-16', '2025-04-28'),
        code: 'RESPONSE_LATE',
        verdict: 'deliver',
      },
      {
        name: 'flags a decision on 2025-04-29 for a recommendation of 2025-04-16',
        exchange: decision('2025-04-16', '2025-04-29'),
        code: 'RESPONSE_LATE',
        expected: { severity: 'deliver_and_flag', clauseRef: ref, agreementId: NORDDJURS },
        verdict: 'deliver_and_flag',
      },
      {
        name: 'accepts a decision on 2025-01-03 for a recommendation of Friday 2024-12-20 (Christmas and New Year)',
        exchange: decision('2024-12-20', '2025-01-03'),
        code: 'RESPONSE_LATE',
        verdict: 'deliver',
      },
      {
        name: 'flags a decision on 2025-01-06 for a recommendation of 2024-12-20',
        exchange: decision('2024-12-20', '2025-01-06'),
        code: 'RESPONSE_LATE',
        expected: { severity: 'deliver_and_flag', clauseRef: ref },
        verdict: 'deliver_and_flag',
      },
    ]);
  });

  describe('PLACEMENT_STARTED_BEFORE_GRANT — seed 002 §2.2 and the law', () => {
    const ref = 'seed 002, §2.2 Godkendelse af den virksomhedsrettede indsats';
    runTable([
      {
        name: 'flags a placement in Viborg that started while only pre-approved',
        exchange: placement('vitas.PlacementStarted', {
          placement: { grantState: 'pre-approved', grantedOn: undefined },
        }),
        code: 'PLACEMENT_STARTED_BEFORE_GRANT',
        expected: { severity: 'deliver_and_flag', clauseRef: ref, agreementId: VIBORG },
        verdict: 'deliver_and_flag',
      },
      {
        name: 'flags a placement that started the day before its grant',
        exchange: placement('vitas.PlacementStarted', {
          placement: { grantedOn: '2020-03-03', startDate: '2020-03-02' },
        }),
        code: 'PLACEMENT_STARTED_BEFORE_GRANT',
        expected: { severity: 'deliver_and_flag', clauseRef: ref },
        verdict: 'deliver_and_flag',
      },
      {
        name: 'accepts a placement that starts on the day it is granted',
        exchange: placement('vitas.PlacementStarted', {
          placement: { grantedOn: '2020-03-02', startDate: '2020-03-02' },
        }),
        code: 'PLACEMENT_STARTED_BEFORE_GRANT',
        verdict: 'deliver',
      },
      {
        name: 'flags a grant sent after the placement had already started',
        exchange: placement('vitas.PlacementGranted', {
          sender: P.jobcenterViborg,
          receivers: [P.vitas],
          date: '2020-03-05',
          placement: { grantedOn: undefined, startDate: '2020-03-02' },
        }),
        code: 'PLACEMENT_STARTED_BEFORE_GRANT',
        expected: { severity: 'deliver_and_flag', clauseRef: ref },
        verdict: 'deliver_and_flag',
      },
      {
        name: 'checks the law even where no agreement applies (Horsens), citing the law',
        exchange: placement('vitas.PlacementStarted', {
          receivers: [P.jobcenterHorsens],
          date: '2025-03-03',
          placement: { grantState: 'not-granted', grantedOn: undefined, startDate: '2025-03-03' },
        }),
        code: 'PLACEMENT_STARTED_BEFORE_GRANT',
        expected: {
          severity: 'deliver_and_flag',
          clauseRef:
            'law: a placement or wage-subsidy job may not start before the jobcenter has granted it (VITAS)',
        },
        verdict: 'deliver_and_flag',
      },
    ]);
  });

  describe('RATIO_RULE_EXCEEDED — per P-number (seed 002 §2.2 and the law)', () => {
    const submitted = (staff: number, others: number) =>
      placement('vitas.PlacementSubmitted', {
        placement: {
          grantState: 'not-granted',
          grantedOn: undefined,
          ordinaryStaffAtPNumber: staff,
          otherPlacementsAtPNumber: others,
        },
      });
    const ref = 'seed 002, §2.2 Godkendelse af den virksomhedsrettede indsats';
    runTable([
      {
        name: 'accepts a second placement at a P-number with 10 ordinary staff',
        exchange: submitted(10, 1),
        code: 'RATIO_RULE_EXCEEDED',
        verdict: 'deliver',
      },
      {
        name: 'flags a third placement at a P-number with 10 ordinary staff',
        exchange: submitted(10, 2),
        code: 'RATIO_RULE_EXCEEDED',
        expected: { severity: 'deliver_and_flag', clauseRef: ref, agreementId: VIBORG },
        verdict: 'deliver_and_flag',
      },
      {
        name: 'accepts one placement at a P-number with 4 ordinary staff (always at least 1)',
        exchange: submitted(4, 0),
        code: 'RATIO_RULE_EXCEEDED',
        verdict: 'deliver',
      },
      {
        name: 'accepts the 11th placement at a P-number with 60 ordinary staff (10 + 1 per 10 above 50)',
        exchange: submitted(60, 10),
        code: 'RATIO_RULE_EXCEEDED',
        verdict: 'deliver',
      },
      {
        name: 'flags the 12th placement at a P-number with 60 ordinary staff',
        exchange: submitted(60, 11),
        code: 'RATIO_RULE_EXCEEDED',
        expected: { severity: 'deliver_and_flag', clauseRef: ref },
        verdict: 'deliver_and_flag',
      },
    ]);
  });

  describe('UNION_CONSENT_MISSING — the law; seed 000 (tavshedspligt), seed 002 §4', () => {
    const meeting = (citizen: Exchange['citizen']) =>
      general('beskedmodul.ThreePartyMeetingRequest', {
        sender: P.jobcenterHedensted,
        receivers: [P.unionFhHorsensHedensted],
        date: '2024-09-02',
        ...(citizen === undefined ? {} : { citizen }),
      });
    runTable([
      {
        name: "rejects a three-party meeting request to FH about a citizen without the citizen's consent",
        exchange: meeting({ categories: ['sick-listed-employed'] }),
        code: 'UNION_CONSENT_MISSING',
        expected: { severity: 'reject', clauseRef: 'seed 000, Aftalen', agreementId: 'hedensted-fh-2021' },
        verdict: 'reject',
      },
      {
        name: 'delivers the same request when the consent is on record',
        exchange: meeting({ unionConsentOnRecord: true }),
        code: 'UNION_CONSENT_MISSING',
        verdict: 'deliver',
      },
      {
        name: 'delivers a union exchange that is not about a person',
        exchange: meeting(undefined),
        code: 'UNION_CONSENT_MISSING',
        verdict: 'deliver',
      },
      {
        name: 'rejects a union exchange without consent after the Viborg agreement ended, citing the law',
        exchange: general('beskedmodul.Inquiry', {
          sender: P.unionLoViborg,
          receivers: [P.jobcenterViborg],
          date: '2021-02-01',
          citizen: {},
        }),
        code: 'UNION_CONSENT_MISSING',
        expected: {
          severity: 'reject',
          clauseRef:
            'law: data protection — a-kasse/jobcenter exchange with a union about a person needs the person’s consent',
        },
        verdict: 'reject',
      },
    ]);
  });
});
