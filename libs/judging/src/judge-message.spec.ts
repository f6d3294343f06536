import { DanishWorkingDayCalendar, defaultAgreementsDir, loadAgreementCatalog } from '@hub/agreements';
import { loadHubCodec, loadMessageExamples, PartnerMessageKind } from '@hub/contracts';

import { claimedTimeFacts, danishDateOf, danishDateOfMillis, judgeMessage, Reception } from './judge-message';
import type { PartnerMessageValue } from '@hub/kinds';

const reference = {
  catalog: loadAgreementCatalog(defaultAgreementsDir()),
  calendar: new DanishWorkingDayCalendar(),
};
const codec = loadHubCodec();
const example = (kind: PartnerMessageKind, change: Record<string, unknown> = {}): PartnerMessageValue => {
  const json = loadMessageExamples().get(kind)?.json as Record<string, unknown>;
  return codec.fromJson(kind, { ...json, ...change }) as unknown as PartnerMessageValue;
};
const judge = (kind: PartnerMessageKind, value: PartnerMessageValue, reception?: Reception) =>
  judgeMessage(
    { kind, value, channel: kind.split('.')[0] as 'beskedmodul', sender: value.envelope.sender },
    reference,
    reception,
  );
const codes = (result: ReturnType<typeof judge>) => result.judgement.findings.map((finding) => finding.code);

describe(judgeMessage.name, () => {
  it('passes the citizen consent on record to the rules: a three-party meeting with a union and consent is not rejected for it', () => {
    const kind = 'beskedmodul.ThreePartyMeetingRequest';
    expect(codes(judge(kind, example(kind, { consentOnRecord: true })))).not.toContain(
      'UNION_CONSENT_MISSING',
    );
    expect(codes(judge(kind, example(kind, { consentOnRecord: false })))).toContain('UNION_CONSENT_MISSING');
  });

  it('names the P-number field in a ratio-rule finding, never the value the partner put in it', () => {
    const kind = 'vitas.PlacementSubmitted';
    const value = example(kind, { ordinaryEmployeesAtPNumber: 4, subsidisedPersonsAtPNumber: 3 });
    const ratio = judge(kind, value).judgement.findings.find(
      (finding) => finding.code === 'RATIO_RULE_EXCEEDED',
    );
    expect(ratio).toBeDefined();
    const pNumber = (value as unknown as { company: { pNumber: string } }).company.pNumber;
    for (const text of [ratio?.messageDa, ratio?.messageEn, JSON.stringify(ratio?.details)]) {
      expect(text).not.toContain(pNumber);
    }
    expect(ratio?.messageEn).toContain('company.pNumber');
  });

  it('judges on the Danish date the message was queued, not the UTC date', () => {
    const kind = 'beskedmodul.EarlyOfferRecommendation';
    const value = example(kind);
    value.envelope.queuedAt = '2025-03-02T23:30:00.000Z'; // 00:30 on 3 March in Copenhagen
    expect(judge(kind, value).exchangeDate).toBe('2025-03-03');
  });
});

describe('judging on the time the hub received the message', () => {
  // Jobcenter Norddjurs answers HK's inquiry of 22 April 2025 (a Tuesday): seed 001 "svare tilbage
  // på henvendelser hurtigst muligt", 2 working days, so due on Thursday 24 April.
  const kind = 'beskedmodul.InquiryAnswer';
  const received = (iso: string, claimedTimeToleranceMinutes = 15): Reception => ({
    receivedAt: Date.parse(iso),
    claimedTimeToleranceMinutes,
  });
  const answer = (queuedAt: string): PartnerMessageValue => {
    const value = example(kind);
    value.envelope.queuedAt = queuedAt;
    return value;
  };

  it('finds a backdated answer late: the date judged is the day it was received, the claim is a finding', () => {
    const result = judge(kind, answer('2025-04-23T08:40:00.000Z'), received('2025-04-28T09:00:00.000Z'));
    expect(result.exchangeDate).toBe('2025-04-28');
    expect(codes(result)).toEqual(['RESPONSE_LATE', 'CLAIMED_TIME_DIVERGES']);
    expect(result.judgement.verdict).toBe('deliver_and_flag');
    const divergence = result.judgement.findings.find((finding) => finding.code === 'CLAIMED_TIME_DIVERGES');
    expect(divergence).toMatchObject({
      severity: 'deliver_and_flag',
      agreementId: 'norddjurs-akasse-2024',
      clauseId: 'hub:received-time',
      details: { direction: 'backdated', minutesBeforeReceipt: 5 * 1440 + 20, toleranceMinutes: 15 },
    });
    expect(divergence?.messageEn).toBe(
      "The sending time (envelope.queuedAt) is 5 days before the hub received the message (tolerance 15 minutes); the exchange is judged on the hub's time.",
    );
  });

  it('judges the same answer on its claim only without a reception (hub agreements judge): on time', () => {
    const result = judge(kind, answer('2025-04-23T08:40:00.000Z'));
    expect(result.exchangeDate).toBe('2025-04-23');
    expect(codes(result)).toEqual([]);
  });

  it('lets the claim be up to the tolerance before or after the receipt, and flags the first millisecond beyond', () => {
    const at = '2025-04-23T08:40:00.000Z';
    const shifted = (ms: number) => new Date(Date.parse(at) + ms).toISOString();
    const fifteenMinutes = 15 * 60_000;
    const flagged = (queuedAt: string) => codes(judge(kind, answer(queuedAt), received(at)));
    expect(flagged(at)).toEqual([]);
    expect(flagged(shifted(-fifteenMinutes))).toEqual([]);
    expect(flagged(shifted(fifteenMinutes))).toEqual([]);
    expect(flagged(shifted(-fifteenMinutes - 1))).toEqual(['CLAIMED_TIME_DIVERGES']);
    expect(flagged(shifted(fifteenMinutes + 1))).toEqual(['CLAIMED_TIME_DIVERGES']);
    const future = judge(kind, answer(shifted(2 * 3_600_000 + 5 * 60_000)), received(at));
    expect(future.judgement.findings[0]).toMatchObject({
      details: { direction: 'future', minutesBeforeReceipt: -125 },
    });
    expect(future.judgement.findings[0].messageDa).toContain('2 timer 5 minutter efter');
  });

  it('takes the tolerance it is given', () => {
    const claim = answer('2025-04-23T08:40:00.000Z');
    expect(codes(judge(kind, claim, received('2025-04-23T09:40:00.000Z', 60)))).toEqual([]);
    expect(codes(judge(kind, claim, received('2025-04-23T09:40:00.001Z', 60)))).toEqual([
      'CLAIMED_TIME_DIVERGES',
    ]);
  });

  it('judges the agreement in force on the received date: seed 001 ended on 31 December 2025', () => {
    const result = judge(kind, answer('2025-12-31T10:00:00.000Z'), received('2026-01-02T10:00:00.000Z'));
    expect(result.exchangeDate).toBe('2026-01-02');
    expect(codes(result)).toContain('NO_AGREEMENT_IN_FORCE');
    expect(codes(result)).toContain('CLAIMED_TIME_DIVERGES');
  });
});

describe(claimedTimeFacts.name, () => {
  it('is positive for a backdated claim, negative for one from the future, null for no time', () => {
    const reception = { receivedAt: Date.parse('2025-04-23T08:40:00.000Z'), claimedTimeToleranceMinutes: 15 };
    expect(claimedTimeFacts('2025-04-23T08:39:00.000Z', reception).millisecondsBeforeReceipt).toBe(60_000);
    expect(claimedTimeFacts('2025-04-23T08:41:00.000Z', reception).millisecondsBeforeReceipt).toBe(-60_000);
    expect(claimedTimeFacts('not a time', reception)).toEqual({
      millisecondsBeforeReceipt: null,
      toleranceMinutes: 15,
    });
  });
});

describe(danishDateOfMillis.name, () => {
  it('gives the Danish date of a Kafka timestamp, around midnight in winter and summer', () => {
    expect(danishDateOfMillis(Date.parse('2025-01-14T22:59:59.999Z'))).toBe('2025-01-14');
    expect(danishDateOfMillis(Date.parse('2025-01-14T23:00:00.000Z'))).toBe('2025-01-15');
    expect(danishDateOfMillis(Date.parse('2025-07-14T22:00:00.000Z'))).toBe('2025-07-15');
  });
});

describe(danishDateOf.name, () => {
  const intl = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Copenhagen',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });

  it('gives the Copenhagen date of every quarter hour of 2025 and 2026, summer time switches included', () => {
    const mismatches: string[] = [];
    for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 15 * 60_000) {
      const iso = new Date(ms).toISOString();
      if (danishDateOf(iso) !== intl.format(new Date(ms))) mismatches.push(iso);
    }
    expect(mismatches).toEqual([]);
  });

  it('counts the instants just before and after Danish midnight on the right day', () => {
    // Winter: midnight in Copenhagen is 23:00 UTC; summer: 22:00 UTC.
    expect(danishDateOf('2025-01-14T22:59:59.999Z')).toBe('2025-01-14');
    expect(danishDateOf('2025-01-14T23:00:00.000Z')).toBe('2025-01-15');
    expect(danishDateOf('2025-07-14T21:59:59.999Z')).toBe('2025-07-14');
    expect(danishDateOf('2025-07-14T22:00:00.000Z')).toBe('2025-07-15');
    expect(danishDateOf('2025-07-14T23:30:00+01:00')).toBe('2025-07-15');
  });

  it('refuses a timestamp that is not one', () => {
    expect(() => danishDateOf('not a time')).toThrow(RangeError);
  });
});
