import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DanishWorkingDayCalendar, defaultAgreementsDir, loadAgreementCatalog } from '@hub/agreements';
import {
  EarlyOfferDecision,
  EarlyOfferRecommendation,
  ExchangeRejected,
  ExchangeRouted,
  HEADERS,
  loadHubCodec,
  loadMessageExamples,
  PlacementSubmitted,
  RejectionReceipt,
  RoutedMessage,
  TOPICS,
} from '@hub/contracts';
import { ConsumedRecord, HandlerResult } from '@hub/kafka';
import { CitizenPseudonymizer } from '@hub/privacy';
import { Logger } from '@nestjs/common';

import { RejectionBuilder, UNREAD } from './rejection';
import { RoutingService } from './routing.service';

const codec = loadHubCodec();
// The refused-header warnings; the receipts' headers are what the tests look at.
beforeAll(() => {
  Logger.overrideLogger(false);
});
const sample = (
  JSON.parse(
    readFileSync(join(__dirname, '../../../../demo/samples/f1-early-offer-recommendation.json'), 'utf8'),
  ) as { value: EarlyOfferRecommendation }
).value;

const F1_TOPIC = 'hub.inbound.beskedmodul.akasse-3f.v1';

/** An inbound record the broker stamped `receivedAt` (ms): the time the router judges on. */
function inboundRecord(
  value: Buffer,
  rawHeaders: ConsumedRecord['rawHeaders'] = {},
  receivedAt = Date.parse(sample.envelope.queuedAt),
): ConsumedRecord {
  return {
    topic: F1_TOPIC,
    partition: 0,
    offset: '7',
    key: null,
    value,
    headers: {},
    timestamp: receivedAt,
    rawHeaders,
  };
}

/** Routes `value` as received when it claims it was queued, unless `receivedAt` says otherwise. */
function route(
  value: EarlyOfferRecommendation,
  rawHeaders: ConsumedRecord['rawHeaders'] = {},
  receivedAt = Date.parse(value.envelope.queuedAt),
): HandlerResult {
  const service = new RoutingService(
    codec,
    new CitizenPseudonymizer('k'.repeat(32)),
    () => ({
      catalog: loadAgreementCatalog(defaultAgreementsDir()),
      calendar: new DanishWorkingDayCalendar(),
    }),
    new RejectionBuilder(codec, 'test'),
    () => new Date('2025-03-03T08:15:01.000Z'),
  );
  const record = inboundRecord(
    codec.encode('beskedmodul.EarlyOfferRecommendation', value),
    rawHeaders,
    receivedAt,
  );
  // As the router sees it: decoded from the bytes.
  const decoded = codec.decode(record.value as Buffer).value as EarlyOfferRecommendation;
  return service.route({
    kind: 'beskedmodul.EarlyOfferRecommendation',
    value: decoded,
    channel: 'beskedmodul',
    sender: { kind: 'akasse', id: '3F' },
    record,
  });
}

/** Each record a result produces, decoded, with its topic and headers. */
function produced(result: HandlerResult) {
  return result.records.map((out) => ({
    topic: out.topic,
    headers: out.headers ?? {},
    ...codec.decode(out.value),
  }));
}

function routedEvent(value: EarlyOfferRecommendation): ExchangeRouted {
  const result = route(value);
  const event = result.records.find((out) => out.topic === TOPICS.events);
  if (!event) throw new Error(`no event among ${result.records.map((out) => out.topic).join(', ')}`);
  const decoded = codec.decode(event.value);
  if (decoded.kind !== 'events.ExchangeRouted') throw new Error(`got ${decoded.kind}`);
  return decoded.value as ExchangeRouted;
}

describe(RoutingService.name, () => {
  it("carries what a recommendation makes due in the routed event: the jobcenter's decision within 5 working days", () => {
    const event = routedEvent(sample);
    const decision = event.expectations.find((expectation) => expectation.kind === 'recommendation-decision');
    // Queued Monday 2025-03-03 (Danish date): 5 working days later is Monday 2025-03-10.
    expect(decision).toEqual({
      kind: 'recommendation-decision',
      dueOn: '2025-03-10',
      responsible: { kind: 'jobcenter', id: '707' },
      agreementId: 'norddjurs-akasse-2024',
      clauseRef: decision?.clauseRef,
      expectedMessageKinds: ['beskedmodul.EarlyOfferDecision'],
      conditional: false,
    });
    expect(decision?.clauseRef).toContain('seed 001');
  });

  it('marks the risk notice before the handover as conditional (only due if the a-kasse sees a risk)', () => {
    const risk = routedEvent(sample).expectations.find((e) => e.kind === 'risk-notice-before-handover');
    expect(risk).toMatchObject({ conditional: true, responsible: { kind: 'akasse', id: '3F' } });
  });

  it('carries no expectations for an exchange outside any agreement', () => {
    const outside = routedEvent({
      ...sample,
      envelope: { ...sample.envelope, queuedAt: '2023-03-03T08:15:00.000Z' },
    });
    expect(outside.agreementId).toBeNull();
    expect(outside.expectations).toEqual([]);
  });
});

describe('a rejection', () => {
  const withText = (changes: { originSystem?: string; courseTitle?: string }): EarlyOfferRecommendation => ({
    ...sample,
    envelope: { ...sample.envelope, originSystem: changes.originSystem ?? sample.envelope.originSystem },
    courseTitle: changes.courseTitle ?? sample.courseTitle,
  });

  it('refuses a message with a NUL in its text before anything is routed, naming the fields and telling the sender', () => {
    const result = route(withText({ originSystem: '3F\u0000', courseTitle: 'Truck\u0000certifikat' }));
    expect(result.outcome).toBe('rejected:NUL_IN_TEXT');
    const records = produced(result);
    expect(records.map((record) => record.topic).sort()).toEqual(
      [TOPICS.deadLetters, TOPICS.events, TOPICS.outbound('akasse')].sort(),
    );
    expect(records.some((record) => record.kind === 'routing.RoutedMessage')).toBe(false);
    const event = records.find((record) => record.kind === 'events.ExchangeRejected')
      ?.value as ExchangeRejected;
    expect(event).toMatchObject({
      messageId: sample.envelope.messageId,
      kind: 'beskedmodul.EarlyOfferRecommendation',
      reasonCode: 'NUL_IN_TEXT',
      exchangeDate: '2025-03-03',
      receivers: [{ kind: 'jobcenter', id: '707' }],
    });
    expect(event.reasonText).toContain('envelope.originSystem, courseTitle');
    expect(event.reasonText).not.toContain('\u0000');
    const receipt = records.find((record) => record.kind === 'routing.RejectionReceipt')
      ?.value as RejectionReceipt;
    expect(receipt).toMatchObject({ messageId: sample.envelope.messageId, reasonCode: 'NUL_IN_TEXT' });
  });

  it('refuses free text longer than its schema allows (TEXT_TOO_LONG), naming the field and the limit, never the text', () => {
    // courseTitle is at most 256 characters (schemas/beskedmodul/EarlyOfferRecommendation.avsc).
    const atLimit = route(withText({ courseTitle: `${'Truckcertifikat '.repeat(16)}` }));
    expect(atLimit.outcome).toMatch(/^routed/);

    const title = `${'Truckcertifikat '.repeat(16)}A`; // 257 characters
    const result = route(withText({ courseTitle: title }));
    expect(result.outcome).toBe('rejected:TEXT_TOO_LONG');
    const records = produced(result);
    expect(records.some((record) => record.kind === 'routing.RoutedMessage')).toBe(false);
    const receipt = records.find((record) => record.kind === 'routing.RejectionReceipt')
      ?.value as RejectionReceipt;
    expect(receipt).toMatchObject({ messageId: sample.envelope.messageId, reasonCode: 'TEXT_TOO_LONG' });
    expect(receipt.reasonText).toContain('courseTitle (257 characters, at most 256)');
    const letter = result.records.find((record) => record.topic === TOPICS.deadLetters);
    expect(letter?.headers?.[HEADERS.reasonCode]).toBe('TEXT_TOO_LONG');
    for (const text of [receipt.reasonText, String(letter?.headers?.[HEADERS.reasonText])]) {
      expect(text).not.toContain('Truckcertifikat');
    }
  });

  it('leaves a receiver whose id holds a NUL out of the rejection (no partner has one, and it cannot be logged)', () => {
    const result = route({
      ...sample,
      envelope: {
        ...sample.envelope,
        receivers: [
          { kind: 'jobcenter', id: '707' },
          { kind: 'jobcenter', id: '70\u00007' },
        ],
      },
    });
    const event = produced(result).find((record) => record.kind === 'events.ExchangeRejected')
      ?.value as ExchangeRejected;
    expect(event.reasonText).toContain('envelope.receivers.1.id');
    expect(event.receivers).toEqual([{ kind: 'jobcenter', id: '707' }]);
  });

  it('is dated the day the hub received the message, not the day the message claims', () => {
    const result = route({ ...sample, price: null }, {}, Date.parse('2025-04-07T09:00:00.000Z'));
    const event = produced(result).find((record) => record.kind === 'events.ExchangeRejected')
      ?.value as ExchangeRejected;
    expect(event.exchangeDate).toBe('2025-04-07');
  });

  it('carries the received Danish date and receivers, so the log counts it when it arrived', () => {
    // Queued 23:30 UTC on 31 March: already 1 April in Copenhagen, as a routed copy would be dated.
    const incomplete = {
      ...sample,
      envelope: { ...sample.envelope, queuedAt: '2025-03-31T22:30:00.000Z' },
      price: null,
    };
    const result = route(incomplete);
    expect(result.outcome).toMatch(/^rejected:/);
    const event = produced(result).find((record) => record.kind === 'events.ExchangeRejected')
      ?.value as ExchangeRejected;
    expect(event).toMatchObject({
      exchangeDate: '2025-04-01',
      receivers: [{ kind: 'jobcenter', id: '707' }],
    });
  });
});

describe('the correlation id on a rejection receipt', () => {
  const correlationId = '0b7a3c1e-2f4d-4c5b-9a8e-1d2c3b4a5f60';
  const receiptHeader = (result: HandlerResult): string | Buffer | undefined =>
    result.records.find((out) => out.topic === TOPICS.outbound('akasse'))?.headers?.[HEADERS.correlationId];
  const sender = { kind: 'akasse' as const, id: '3F' };
  const poison = (rawHeaders: ConsumedRecord['rawHeaders']): HandlerResult => ({
    outcome: 'poison',
    records: new RejectionBuilder(codec, 'test').build(
      inboundRecord(Buffer.from('garbage'), rawHeaders),
      sender,
      { reasonCode: 'WRONG_MARKER', reasonText: 'not Avro', ...UNREAD },
      new Date('2025-03-03T08:15:01.000Z'),
    ),
  });
  const incomplete = { ...sample, price: null };

  it("is the sender's own header when it is an id", () => {
    expect(receiptHeader(route(incomplete, { [HEADERS.correlationId]: Buffer.from(correlationId) }))).toBe(
      correlationId,
    );
    expect(receiptHeader(poison({ [HEADERS.correlationId]: Buffer.from('sag-17') }))).toBe('sag-17');
  });

  it("is the message's own correlation id when the header is binary, holds a NUL or is too long", () => {
    for (const bad of [Buffer.from([0xff, 0x00, 0xfe]), Buffer.from('a\u0000b'), Buffer.alloc(4096, 0x61)]) {
      expect(receiptHeader(route(incomplete, { [HEADERS.correlationId]: bad }))).toBe(
        sample.envelope.messageId,
      );
    }
  });

  it('is left out when the header is bad and the message could not be read, and the receipt still goes', () => {
    const result = poison({ [HEADERS.correlationId]: Buffer.from([0xc3, 0x28, 0x00]) });
    const receipt = result.records.find((out) => out.topic === TOPICS.outbound('akasse'));
    expect(receipt).toBeDefined();
    expect(receipt?.headers).not.toHaveProperty(HEADERS.correlationId);
    // Every header the hub wrote is clean text.
    for (const value of Object.values(receipt?.headers ?? {})) {
      expect(typeof value).toBe('string');
      expect(String(value)).not.toContain('\u0000');
    }
  });
});

/** Routed copies of a clean message still go out: the check costs nothing to a valid message. */
it('routes a clean message to its receiver', () => {
  const routedCopies = produced(route(sample)).filter((record) => record.kind === 'routing.RoutedMessage');
  expect((routedCopies[0]?.value as RoutedMessage).receiver).toEqual({ kind: 'jobcenter', id: '707' });
});

describe('answers measured at routing (RESPONSE_LATE)', () => {
  const JOBCENTER_707_TOPIC = 'hub.inbound.beskedmodul.jobcenter-707.v1';
  const example = loadMessageExamples().get('beskedmodul.EarlyOfferDecision')?.json as Record<
    string,
    unknown
  >;

  /**
   * Norddjurs' decision on a recommendation it names in inReplyTo, queued on `answeredOn` (noon), and
   * received then unless `receivedOn` says another day (a backdated answer).
   */
  function decision(
    answeredOn: string,
    inReplyTo: Record<string, unknown>,
    receivedOn: string = answeredOn,
  ): HandlerResult {
    const json = example as { envelope: Record<string, unknown> };
    const value = codec.fromJson('beskedmodul.EarlyOfferDecision', {
      ...json,
      envelope: { ...json.envelope, queuedAt: `${answeredOn}T11:00:00.000Z` },
      decidedOn: answeredOn,
      inReplyTo,
    });
    const service = new RoutingService(
      codec,
      new CitizenPseudonymizer('k'.repeat(32)),
      () => ({
        catalog: loadAgreementCatalog(defaultAgreementsDir()),
        calendar: new DanishWorkingDayCalendar(),
      }),
      new RejectionBuilder(codec, 'test'),
      () => new Date(`${answeredOn}T11:00:01.000Z`),
    );
    const record = {
      ...inboundRecord(
        codec.encode('beskedmodul.EarlyOfferDecision', value),
        {},
        Date.parse(`${receivedOn}T11:00:00.000Z`),
      ),
      topic: JOBCENTER_707_TOPIC,
    };
    return service.route({
      kind: 'beskedmodul.EarlyOfferDecision',
      value: codec.decode(record.value as Buffer).value as EarlyOfferDecision,
      channel: 'beskedmodul',
      sender: { kind: 'jobcenter', id: '707' },
      record,
    });
  }
  const recommendationOn = (exchangeDate: string) => ({
    messageId: '613fb710-2a90-5ace-b4e6-c4e000f79c5a',
    kind: 'beskedmodul.EarlyOfferRecommendation',
    exchangeDate,
  });
  const findingCodes = (result: HandlerResult): string[] => {
    const event = produced(result).find((record) => record.kind === 'events.ExchangeRouted');
    return ((event?.value as ExchangeRouted | undefined)?.findings ?? []).map((finding) => finding.code);
  };

  it('flags a decision after the 5 working days seed 001 gets ("ser på indstillingen hurtigst muligt"), not one on the last day', () => {
    // Recommendation Monday 2025-03-03: due Monday 2025-03-10.
    expect(findingCodes(decision('2025-03-10', recommendationOn('2025-03-03')))).not.toContain(
      'RESPONSE_LATE',
    );
    expect(findingCodes(decision('2025-03-11', recommendationOn('2025-03-03')))).toContain('RESPONSE_LATE');
  });

  it('flags a backdated decision late: queued within the 5 working days, received after them', () => {
    const result = decision('2025-03-10', recommendationOn('2025-03-03'), '2025-03-12');
    expect(findingCodes(result)).toEqual(['RESPONSE_LATE', 'CLAIMED_TIME_DIVERGES']);
    const event = produced(result).find((record) => record.kind === 'events.ExchangeRouted')
      ?.value as ExchangeRouted;
    // Judged on the day it arrived; the partner's claim is kept as it was.
    expect(event).toMatchObject({
      exchangeDate: '2025-03-12',
      queuedAt: '2025-03-10T11:00:00.000Z',
      verdict: 'deliver_and_flag',
    });
    const divergence = event.findings.find((finding) => finding.code === 'CLAIMED_TIME_DIVERGES');
    expect(divergence).toMatchObject({ severity: 'deliver_and_flag', agreementId: 'norddjurs-akasse-2024' });
    expect(divergence?.messageEn).toContain('2 days before the hub received the message');
  });

  it('refuses an answer naming a kind the hub does not know, without quoting it', () => {
    const result = decision('2025-03-04', { ...recommendationOn('2025-03-03'), kind: '150385-4321' });
    expect(result.outcome).toBe('rejected:INVALID_ANSWER_REFERENCE');
    // The dead letter keeps the original bytes for replay; what the hub itself writes never quotes it.
    const written = result.records.filter((record) => record.topic !== TOPICS.deadLetters);
    expect(written.length).toBeGreaterThan(0);
    for (const record of written) expect(record.value.toString('latin1')).not.toContain('150385-4321');
  });

  it('refuses an answer dated before what it answers', () => {
    expect(decision('2025-03-04', recommendationOn('2025-03-05')).outcome).toBe(
      'rejected:INVALID_ANSWER_REFERENCE',
    );
  });
});

describe('identifiers validated at the edge', () => {
  const example = loadMessageExamples().get('vitas.PlacementSubmitted')?.json as {
    envelope: Record<string, unknown>;
    company: Record<string, unknown>;
  };
  const CPR_IN_P_NUMBER = '150385-4321';

  function placement(change: (value: PlacementSubmitted) => void): HandlerResult {
    const value = codec.fromJson('vitas.PlacementSubmitted', structuredClone(example));
    change(value);
    const service = new RoutingService(
      codec,
      new CitizenPseudonymizer('k'.repeat(32)),
      () => ({
        catalog: loadAgreementCatalog(defaultAgreementsDir()),
        calendar: new DanishWorkingDayCalendar(),
      }),
      new RejectionBuilder(codec, 'test'),
      () => new Date('2025-03-20T13:00:01.000Z'),
    );
    const record = {
      ...inboundRecord(
        codec.encode('vitas.PlacementSubmitted', value),
        {},
        Date.parse(value.envelope.queuedAt),
      ),
      topic: 'hub.inbound.vitas.vitas.v1',
    };
    return service.route({
      kind: 'vitas.PlacementSubmitted',
      value: codec.decode(record.value as Buffer).value as PlacementSubmitted,
      channel: 'vitas',
      sender: { kind: 'vitas', id: 'VITAS' },
      record,
    });
  }
  /** Everything the hub itself writes: the dead letter keeps the original bytes for replay. */
  const written = (result: HandlerResult) =>
    result.records.filter((record) => record.topic !== TOPICS.deadLetters);

  it.each([
    [
      'a P-number holding a CPR number',
      'INVALID_P_NUMBER',
      'company.pNumber',
      (v: PlacementSubmitted) => {
        v.company.pNumber = CPR_IN_P_NUMBER;
      },
    ],
    [
      'a CVR number with a wrong check digit',
      'INVALID_CVR',
      'company.cvr',
      (v: PlacementSubmitted) => {
        v.company.cvr = '12345675';
      },
    ],
    [
      'a receiver that is no municipality',
      'INVALID_PARTY_CODE',
      'envelope.receivers.0.id',
      (v: PlacementSubmitted) => {
        v.envelope.receivers[0] = { kind: 'jobcenter', id: CPR_IN_P_NUMBER };
      },
    ],
    [
      'a union code in lower case with spaces',
      'INVALID_PARTY_CODE',
      'envelope.receivers.2.id',
      (v: PlacementSubmitted) => {
        v.envelope.receivers[2] = { kind: 'union', id: 'fh djursland' };
      },
    ],
  ])('refuses %s with %s, naming %s and not its value', (_name, code, path, change) => {
    const result = placement(change);
    expect(result.outcome).toBe(`rejected:${code}`);
    const out = written(result);
    expect(out.length).toBeGreaterThan(0);
    const rejected = produced(result).find((record) => record.kind === 'events.ExchangeRejected')
      ?.value as ExchangeRejected;
    expect(rejected.reasonText).toContain(path);
    for (const record of out) {
      const text = record.value.toString('latin1');
      expect(text).not.toContain(CPR_IN_P_NUMBER);
      expect(text).not.toContain('fh djursland');
    }
  });

  it('routes the example placement to its known receivers: its identifiers are all valid', () => {
    const result = placement((v) => {
      v.envelope.receivers = v.envelope.receivers.slice(0, 2);
    });
    expect(result.outcome).not.toMatch(/^rejected/);
  });
});
