import { expectationsFor, responseDueDate, targetRuleCode } from './expectations';
import { judgeExchange } from './judge-exchange';
import type { Exchange } from '../exchange/exchange';
import { P, calendar, general, placement, recommendation, riskNotice, seeds } from '../testing/fixtures';

function expectations(exchange: Exchange) {
  return expectationsFor(exchange, judgeExchange(exchange, seeds(), calendar), seeds(), calendar);
}

describe(expectationsFor.name, () => {
  it('expects a decision on a recommendation within 5 working days, across Easter (2025-04-16 → 2025-04-28)', () => {
    const due = expectations(
      recommendation({
        id: 'r1',
        date: '2025-04-16',
        citizen: { unemployment: { startDate: '2025-03-01' } },
      }),
    );
    expect(due.find((e) => e.kind === 'recommendation-decision')).toEqual({
      kind: 'recommendation-decision',
      expectedMessageKinds: ['beskedmodul.EarlyOfferDecision'],
      dueOn: '2025-04-28',
      responsibleParty: P.jobcenterNorddjurs,
      agreementId: 'norddjurs-akasse-2024',
      clauseId: 'tilbud-hurtigst-muligt',
      clauseRef: 'seed 001, Tilbud',
      triggeredBy: 'r1',
      conditional: false,
      asFastAsPossible: true,
    });
  });

  it('tells when a risk notice is due: 14 calendar days before the handover (conditional on a risk)', () => {
    const due = expectations(
      recommendation({ date: '2025-02-03', citizen: { unemployment: { startDate: '2025-01-15' } } }),
    );
    expect(due.find((e) => e.kind === 'risk-notice-before-handover')).toMatchObject({
      dueOn: '2025-04-01',
      responsibleParty: P.akasse3F,
      conditional: true,
      expectedMessageKinds: ['beskedmodul.LongTermUnemploymentRiskNotice'],
    });
  });

  it('expects the joint assessment on the last working day before the handover after a risk notice', () => {
    // Handover on Tuesday 2025-04-22, right after Easter Monday: the last working day before is 2025-04-16.
    const due = expectations(riskNotice({ date: '2025-04-01', plannedHandoverDate: '2025-04-22' }));
    expect(due).toEqual([
      expect.objectContaining({
        kind: 'joint-risk-assessment',
        dueOn: '2025-04-16',
        responsibleParty: P.jobcenterNorddjurs,
      }),
    ]);
  });

  it('makes the receiver of an inquiry answer within 2 working days, whichever side asked', () => {
    const due = expectations(
      general('beskedmodul.Inquiry', {
        id: 'q1',
        sender: P.jobcenterNorddjurs,
        receivers: [P.akasse3F],
        date: '2025-12-23',
      }),
    );
    // 24, 25, 26 Dec closed; 29 and 30 Dec are the two working days.
    expect(due).toEqual([
      expect.objectContaining({ kind: 'inquiry-answer', dueOn: '2025-12-30', responsibleParty: P.akasse3F }),
    ]);
  });

  it('expects a submitted placement to be granted or refused by its start date (seed 002 §2.2)', () => {
    const due = expectations(
      placement('vitas.PlacementSubmitted', {
        id: 'p1',
        placement: { grantState: 'not-granted', grantedOn: undefined, startDate: '2020-03-16' },
      }),
    );
    expect(due).toEqual([
      expect.objectContaining({
        kind: 'placement-grant-before-start',
        dueOn: '2020-03-16',
        responsibleParty: P.jobcenterViborg,
        agreementId: expect.stringContaining('viborg') as string,
        expectedMessageKinds: ['vitas.PlacementGranted', 'vitas.PlacementRefused'],
        conditional: false,
      }),
    ]);
    // Without a start date there is nothing to measure against.
    expect(
      expectations(
        placement('vitas.PlacementSubmitted', {
          placement: { grantState: 'not-granted', grantedOn: undefined, startDate: undefined },
        }),
      ),
    ).toEqual([]);
  });

  it('creates nothing for a rejected exchange or one outside any agreement', () => {
    expect(expectations(recommendation({ channel: 'jobag' }))).toEqual([]);
    expect(
      expectations(
        general('beskedmodul.Inquiry', { sender: P.akasseKrifa, receivers: [P.jobcenterHedensted] }),
      ),
    ).toEqual([]);
  });
});

describe(responseDueDate.name, () => {
  it('gives the due date of the response target a kind starts under an agreement', () => {
    expect(
      responseDueDate(seeds(), calendar, {
        agreementId: 'norddjurs-akasse-2024',
        kind: 'beskedmodul.EarlyOfferRecommendation',
        date: '2025-04-16',
      }),
    ).toEqual({ targetId: 'recommendation-decision', dueOn: '2025-04-28', workingDays: 5 });
  });

  it('gives nothing for a kind without a target or an unknown agreement', () => {
    expect(
      responseDueDate(seeds(), calendar, {
        agreementId: 'viborg-lo-ftf-2020',
        kind: 'beskedmodul.Inquiry',
        date: '2020-03-02',
      }),
    ).toBeUndefined();
    expect(
      responseDueDate(seeds(), calendar, {
        agreementId: 'nope',
        kind: 'beskedmodul.Inquiry',
        date: '2020-03-02',
      }),
    ).toBeUndefined();
  });
});

describe(targetRuleCode.name, () => {
  it('turns a target id into the rule code the deadline events carry', () => {
    expect(targetRuleCode('recommendation-decision')).toBe('RECOMMENDATION_DECISION');
    expect(targetRuleCode('risk-notice-before-handover')).toBe('RISK_NOTICE_BEFORE_HANDOVER');
  });
});
