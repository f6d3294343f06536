import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { EarlyOfferRecommendation, loadHubCodec, PartyRef, findRepoRoot } from '@hub/contracts';

import { readSubmission, Refusal } from './submission';

const codec = loadHubCodec();
const KIND = 'beskedmodul.EarlyOfferRecommendation';
const AKASSE_3F: PartyRef = { kind: 'akasse', id: '3F' };
/** The demo's recommendation: 3F to Norddjurs jobcentre. */
const example = (
  JSON.parse(
    readFileSync(join(findRepoRoot(), 'demo/samples/f1-early-offer-recommendation.json'), 'utf8'),
  ) as { value: EarlyOfferRecommendation }
).value;

function message(
  change: (value: EarlyOfferRecommendation) => void = () => undefined,
): EarlyOfferRecommendation {
  const value = structuredClone(example);
  value.envelope.messageId = randomUUID();
  change(value);
  return value;
}

const json = (value: EarlyOfferRecommendation): Buffer =>
  Buffer.from(JSON.stringify({ kind: KIND, value: codec.toJson(KIND, value) }));

function refusalOf(action: () => unknown): Refusal {
  try {
    action();
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe(readSubmission.name, () => {
  const read = (partner: PartyRef, contentType: string, body: Buffer, max = 512 * 1024) =>
    readSubmission(codec, partner, contentType, body, max);

  it('gives the JSON form as the very bytes a Kafka partner would publish, for its own inbound topic', () => {
    const value = message();
    const submission = read(AKASSE_3F, 'application/json; charset=utf-8', json(value));
    expect(submission).toEqual({
      kind: KIND,
      messageId: value.envelope.messageId,
      correlationId: value.envelope.correlationId,
      queuedAt: value.envelope.queuedAt,
      channel: 'beskedmodul',
      topic: 'hub.inbound.beskedmodul.akasse-3f.v1',
      bytes: codec.encode(KIND, value),
    });
  });

  it('takes Avro single-object encoding as it is', () => {
    const bytes = codec.encode(KIND, message());
    expect(read(AKASSE_3F, 'application/vnd.hub.avro', bytes).bytes).toBe(bytes);
  });

  it.each([
    ['not Avro', 'application/vnd.hub.avro', Buffer.from('garbage'), 400, 'WRONG_MARKER'],
    ['no body', 'application/json', Buffer.alloc(0), 400, 'EMPTY_MESSAGE'],
    ['not JSON', 'application/json', Buffer.from('{"kind":'), 400, 'INVALID_JSON'],
    ['a bare value', 'application/json', Buffer.from('{"envelope":{}}'), 400, 'INVALID_JSON'],
    ['an unknown kind', 'application/json', Buffer.from('{"kind":"x.Y","value":{}}'), 400, 'UNKNOWN_KIND'],
    ['neither JSON nor Avro', 'text/plain', Buffer.from('hej'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ])('refuses %s', (_what, contentType, body, status, reasonCode) => {
    expect(refusalOf(() => read(AKASSE_3F, contentType, body))).toMatchObject({ status, reasonCode });
  });

  it('names every invalid field of the JSON form, as the codec does for dead letters', () => {
    const form = JSON.parse(json(message()).toString()) as { value: { envelope: Record<string, unknown> } };
    delete form.value.envelope.queuedAt;
    const refusal = refusalOf(() => read(AKASSE_3F, 'application/json', Buffer.from(JSON.stringify(form))));
    expect(refusal).toMatchObject({ status: 400, reasonCode: 'INVALID_VALUE' });
    expect(refusal.reasonText).toContain('envelope.queuedAt');
  });

  it("refuses the hub's own messages", () => {
    const routed = codec.encode('routing.RejectionReceipt', {
      receiptId: randomUUID(),
      messageId: null,
      kind: null,
      receiver: AKASSE_3F,
      reasonCode: 'X',
      reasonText: 'x',
      findings: [],
      sourceTopic: 't',
      sourcePartition: 0,
      sourceOffset: '0',
      rejectedAt: '2025-03-03T08:15:00.000Z',
    });
    expect(refusalOf(() => read(AKASSE_3F, 'application/vnd.hub.avro', routed))).toMatchObject({
      status: 400,
      reasonCode: 'NOT_A_PARTNER_MESSAGE',
    });
  });

  it('refuses text with a NUL, naming where (never what) as the router does', () => {
    const value = message((v) => (v.courseTitle = 'Truck\u0000'));
    const refusal = refusalOf(() => read(AKASSE_3F, 'application/json', json(value)));
    expect(refusal).toMatchObject({ status: 400, reasonCode: 'NUL_IN_TEXT' });
    expect(refusal.reasonText).toContain('courseTitle');
  });

  it('refuses free text over its schema limit as the router does (TEXT_TOO_LONG), and takes it at the limit', () => {
    // Running text, like a caseworker's note: the citizen's motivation is at most 10,000 characters.
    const atLimit = message((v) => (v.citizenMotivation = 'ø'.repeat(10_000)));
    expect(read(AKASSE_3F, 'application/json', json(atLimit)).messageId).toBe(atLimit.envelope.messageId);
    const over = message((v) => (v.citizenMotivation = 'ø'.repeat(10_001)));
    const refusal = refusalOf(() => read(AKASSE_3F, 'application/json', json(over)));
    expect(refusal).toMatchObject({ status: 400, reasonCode: 'TEXT_TOO_LONG' });
    expect(refusal.reasonText).toBe(
      'the text of citizenMotivation (10001 characters, at most 10000) is longer than the schema allows; ' +
        'send it shorter, or as a reference to a document',
    );
  });

  it('refuses an invalid CPR number without quoting it', () => {
    const value = message((v) => (v.citizen.cpr = '320188-1234'));
    const refusal = refusalOf(() => read(AKASSE_3F, 'application/json', json(value)));
    expect(refusal).toMatchObject({ status: 400, reasonCode: 'INVALID_CPR' });
    expect(refusal.reasonText).not.toContain('320188');
  });

  it('refuses (403) a message whose sender is not the authenticated partner', () => {
    const refusal = refusalOf(() =>
      read({ kind: 'jobcenter', id: '707' }, 'application/json', json(message())),
    );
    expect(refusal).toMatchObject({ status: 403, reasonCode: 'SENDER_MISMATCH' });
  });

  it('refuses (403) a channel the kind of partner does not publish on', () => {
    const file = readdirSync(join(findRepoRoot(), 'schemas/examples')).find((name) =>
      name.startsWith('vitas.'),
    );
    const vitasMessage = JSON.parse(
      readFileSync(join(findRepoRoot(), 'schemas/examples', file as string), 'utf8'),
    ) as { envelope: { sender: PartyRef } };
    const union: PartyRef = { kind: 'union', id: 'LO-VIBORG' };
    vitasMessage.envelope.sender = union;
    const kind = (file as string).replace(/\.json$/, '') as typeof KIND;
    const bytes = codec.encode(kind, codec.fromJson(kind, vitasMessage));
    expect(refusalOf(() => read(union, 'application/vnd.hub.avro', bytes))).toMatchObject({
      status: 403,
      reasonCode: 'CHANNEL_NOT_ALLOWED',
    });
  });

  it('refuses (413) a message over the limit', () => {
    const bytes = codec.encode(KIND, message());
    expect(
      refusalOf(() => read(AKASSE_3F, 'application/vnd.hub.avro', bytes, bytes.length - 1)),
    ).toMatchObject({
      status: 413,
      reasonCode: 'TOO_LARGE',
    });
  });
});
