import { DanishWorkingDayCalendar, defaultAgreementsDir, loadAgreementCatalog } from '@hub/agreements';
import { loadHubCodec, loadMessageExamples, PartnerMessageKind } from '@hub/contracts';

import { danishDateOf, judgeMessage } from './judge-message';
import type { PartnerMessageValue } from './partner-message';

const reference = {
  catalog: loadAgreementCatalog(defaultAgreementsDir()),
  calendar: new DanishWorkingDayCalendar(),
};
const codec = loadHubCodec();
const example = (kind: PartnerMessageKind, change: Record<string, unknown> = {}): PartnerMessageValue => {
  const json = loadMessageExamples().get(kind)?.json as Record<string, unknown>;
  return codec.fromJson(kind, { ...json, ...change }) as unknown as PartnerMessageValue;
};
const judge = (kind: PartnerMessageKind, value: PartnerMessageValue) =>
  judgeMessage(
    { kind, value, channel: kind.split('.')[0] as 'beskedmodul', sender: value.envelope.sender },
    reference,
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
