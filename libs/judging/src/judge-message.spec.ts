import { DanishWorkingDayCalendar, defaultAgreementsDir, loadAgreementCatalog } from '@hub/agreements';
import { loadHubCodec, loadMessageExamples, PartnerMessageKind } from '@hub/contracts';

import { judgeMessage } from './judge-message';
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

  it('judges on the Danish date the message was queued, not the UTC date', () => {
    const kind = 'beskedmodul.EarlyOfferRecommendation';
    const value = example(kind);
    value.envelope.queuedAt = '2025-03-02T23:30:00.000Z'; // 00:30 on 3 March in Copenhagen
    expect(judge(kind, value).exchangeDate).toBe('2025-03-03');
  });
});
