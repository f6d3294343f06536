import {
  DanishWorkingDayCalendar,
  defaultAgreementsDir,
  loadAgreementCatalog,
  monthOfUnemployment,
} from '@hub/agreements';
import {
  CHANNELS_BY_SENDER_KIND,
  cprPassesModulus11,
  findIdentifierProblems,
  inboundTopic,
  loadHubCodec,
  validateCpr,
} from '@hub/contracts';
import { judgeMessage } from '@hub/judging';
import type { PartnerMessage } from '@hub/kinds';

import { cprForms } from './identities';
import { generateWorkload, GeneratedMessage, workloadMessages } from './workload';

describe('generateWorkload', () => {
  const codec = loadHubCodec();
  const catalog = loadAgreementCatalog(defaultAgreementsDir());
  const calendar = new DanishWorkingDayCalendar();
  const workload = generateWorkload({ seed: 7, count: 1_500 }, codec);
  const valid = workload.messages.filter((m) => m.kind !== null && m.bad === null);

  it('gives the same messages, byte for byte, for the same seed', () => {
    const again = generateWorkload({ seed: 7, count: 1_500 }, codec);
    expect(again.messages.map((m) => [m.topic, m.key, m.bytes.toString('hex')])).toEqual(
      workload.messages.map((m) => [m.topic, m.key, m.bytes.toString('hex')]),
    );
  });

  it('gives other messages for another seed', () => {
    const other = generateWorkload({ seed: 8, count: 50 }, codec);
    expect(other.messages.map((m) => m.bytes.toString('hex'))).not.toEqual(
      workload.messages.slice(0, 50).map((m) => m.bytes.toString('hex')),
    );
  });

  it('changes only the message ids for another run id, so a second run is not dropped as a duplicate', () => {
    const first = generateWorkload({ seed: 7, count: 200, runId: 'a' }, codec).messages;
    const second = generateWorkload({ seed: 7, count: 200, runId: 'b' }, codec).messages;
    expect(second.map((m) => [m.kind, m.cpr, m.queuedAt])).toEqual(
      first.map((m) => [m.kind, m.cpr, m.queuedAt]),
    );
    const ids = (messages: GeneratedMessage[]) => messages.flatMap((m) => (m.messageId ? [m.messageId] : []));
    expect(ids(second).filter((id) => ids(first).includes(id))).toEqual([]);
  });

  it('streams the same messages it returns', () => {
    const streamed = [...workloadMessages({ seed: 7, count: 100 }, codec)];
    expect(streamed.map((m) => m.bytes.toString('hex'))).toEqual(
      workload.messages.slice(0, 100).map((m) => m.bytes.toString('hex')),
    );
  });

  it('makes about 2-3 % bad messages, of every bad kind', () => {
    const bad = workload.messages.filter((m) => m.bad !== null);
    expect(bad.length / workload.messages.length).toBeGreaterThan(0.015);
    expect(bad.length / workload.messages.length).toBeLessThan(0.035);
    expect(new Set(bad.map((m) => m.bad))).toEqual(new Set(['garbage', 'wrong-sender', 'unknown-receiver']));
    expect(
      generateWorkload({ seed: 7, count: 300, badShare: 0 }, codec).messages.every((m) => m.bad === null),
    ).toBe(true);
  });

  it('encodes every message that is not garbage so the codec reads it back as the same kind and value', () => {
    for (const message of workload.messages.filter((m) => m.kind !== null)) {
      const decoded = codec.decode(message.bytes);
      expect(decoded.kind).toBe(message.kind);
      expect(decoded.value).toEqual(message.value);
    }
  });

  it('makes garbage the codec cannot read', () => {
    for (const message of workload.messages.filter((m) => m.bad === 'garbage')) {
      expect(() => codec.decode(message.bytes)).toThrow();
      expect(message.expect).toEqual({ outcome: 'dead-letter', reason: 'UNDECODABLE' });
    }
  });

  it("publishes each message on its sender's own inbound topic for the channel, which that kind of partner may use", () => {
    for (const message of workload.messages) {
      expect(message.topic).toBe(inboundTopic(message.channel, message.publisher));
      expect(CHANNELS_BY_SENDER_KIND[message.publisher.kind]).toContain(message.channel);
      expect(catalog.partners()).toContainEqual(message.publisher);
    }
  });

  it('uses format-valid CPR numbers with a real birth date that fail modulus 11 (never issued to a person)', () => {
    expect(workload.cprs.length).toBeGreaterThan(300);
    for (const cpr of workload.cprs) {
      expect(validateCpr(cpr)).toEqual({ ok: true });
      expect(cprPassesModulus11(cpr)).toBe(false);
      expect(cpr.startsWith('0101')).toBe(false);
    }
  });

  it('keys messages by the partner’s own case reference, never by the CPR number', () => {
    const forms = new Set(workload.cprs.flatMap(cprForms));
    const inKeys = workload.messages.flatMap((m) => m.key.match(/\d{6}-?\d{4}/g) ?? []);
    expect(inKeys.filter((candidate) => forms.has(candidate))).toEqual([]);
  });

  it('has well-formed identifiers in every valid message (CVR, P-number, e-mail, phone, parties)', () => {
    for (const message of valid) expect(findIdentifierProblems(message.value)).toEqual([]);
  });

  it('is in simulated time order', () => {
    const times = workload.messages.map((m) => m.queuedAt);
    expect(times).toEqual([...times].sort());
    expect(times[0] >= '2025-03-03').toBe(true);
  });

  it('covers the four seed agreements, every flow, and citizens in each of months 1-6', () => {
    expect(new Set(workload.messages.map((m) => m.scenario))).toEqual(
      new Set(['norddjurs', 'hedensted', 'viborg', 'koebenhavn']),
    );
    expect(new Set(valid.map((m) => m.kind))).toEqual(
      new Set([
        'beskedmodul.EarlyOfferRecommendation',
        'beskedmodul.LongTermUnemploymentRiskNotice',
        'beskedmodul.Handover',
        'beskedmodul.JointInterviewInvitation',
        'beskedmodul.Inquiry',
        'beskedmodul.ThreePartyMeetingRequest',
        'beskedmodul.AvailabilityQuestion',
        'beskedmodul.JobClubReferral',
        'vitas.PlacementSubmitted',
        'vitas.PlacementStarted',
        'jobag.JobOrderForwarded',
        'jobag.JobOrderShared',
        'jobag.JobOrderCreated',
        'jobag.JobOrderStatusChanged',
        'jobag.CandidateProposed',
        'jobag.CandidateHired',
      ]),
    );
    const months = new Set(
      valid.flatMap((m) => {
        const citizen = (m.value as { citizen?: { unemploymentStartDate: string | null } | null }).citizen;
        const start = citizen?.unemploymentStartDate;
        return start ? [monthOfUnemployment(start, m.queuedAt.slice(0, 10))] : [];
      }),
    );
    for (const month of [1, 2, 3, 4, 5, 6]) expect(months).toContain(month);
  });

  it('means what it says: the rules engine routes, flags and rejects each valid message as the storyline intends', () => {
    const mismatches: string[] = [];
    for (const message of valid) {
      const { judgement } = judgeMessage(
        {
          kind: message.kind,
          value: message.value,
          channel: message.channel,
          sender: message.publisher,
        } as PartnerMessage,
        { catalog, calendar },
      );
      const codes: string[] = judgement.findings.map((finding) => finding.code);
      const ok =
        message.expect.outcome === 'routed'
          ? judgement.verdict !== 'reject' && message.expect.flags.every((flag) => codes.includes(flag))
          : message.expect.outcome === 'rejected' &&
            judgement.verdict === 'reject' &&
            codes.includes(message.expect.reason);
      if (!ok)
        mismatches.push(
          `${message.kind} ${JSON.stringify(message.expect)}: ${judgement.verdict} ${codes.join(',')}`,
        );
    }
    expect(mismatches).toEqual([]);
    const flagged = new Set(valid.flatMap((m) => (m.expect.outcome === 'routed' ? m.expect.flags : [])));
    for (const flag of [
      'RISK_NOTICE_LATE',
      'PLACEMENT_STARTED_BEFORE_GRANT',
      'NO_AGREEMENT_IN_FORCE',
      'RATIO_RULE_EXCEEDED',
    ])
      expect(flagged).toContain(flag);
    const rejected = new Set(
      valid.flatMap((m) => (m.expect.outcome === 'rejected' ? [m.expect.reason] : [])),
    );
    expect(rejected).toContain('RECOMMENDATION_INCOMPLETE');
  });

  it('makes bad messages the router refuses before judging: a sender that is not the topic’s owner, a receiver nobody knows', () => {
    for (const message of workload.messages.filter((m) => m.bad === 'wrong-sender')) {
      const sender = (message.value as { envelope: { sender: { kind: string; id: string } } }).envelope
        .sender;
      expect(sender).not.toEqual(message.publisher);
      expect(message.expect).toEqual({ outcome: 'rejected', reason: 'SENDER_MISMATCH' });
    }
    for (const message of workload.messages.filter((m) => m.bad === 'unknown-receiver')) {
      const receivers = (message.value as { envelope: { receivers: { kind: 'jobcenter'; id: string }[] } })
        .envelope.receivers;
      expect(receivers.some((receiver) => !catalog.isKnownParty(receiver))).toBe(true);
      expect(message.expect).toEqual({ outcome: 'rejected', reason: 'UNKNOWN_RECEIVER' });
    }
  });

  it('refuses options it cannot honour', () => {
    expect(() => generateWorkload({ seed: 1.5, count: 1 }, codec)).toThrow(/seed/);
    expect(() => generateWorkload({ seed: 1, count: -1 }, codec)).toThrow(/count/);
    expect(() => generateWorkload({ seed: 1, count: 1, badShare: 2 }, codec)).toThrow(/badShare/);
    expect(() => generateWorkload({ seed: 1, count: 1, startDate: 'soon' }, codec)).toThrow();
  });
});
