import { loadMessageExamples } from '../examples';
import type { MessageKind } from '../generated/messages';
import { loadHubCodec } from '../hub-codec';
import { crc64Avro, fingerprintHex } from './crc64-avro';
import {
  CodecError,
  InvalidValueError,
  TrailingBytesError,
  TruncatedMessageError,
  UnknownFingerprintError,
  UnknownKindError,
  WrongMarkerError,
} from './errors';
import { MessageCodec } from './message-codec';

const codec = loadHubCodec();
const examples = loadMessageExamples();

function exampleOf(kind: MessageKind): unknown {
  const example = examples.get(kind);
  if (!example) throw new Error(`no example for ${kind}`);
  return example.json;
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe(MessageCodec.name, () => {
  it('has exactly one example per message kind, and no example for a kind that does not exist', () => {
    expect([...examples.keys()].sort()).toEqual([...codec.kinds()].sort());
  });

  describe.each(codec.kinds() as MessageKind[])('%s', (kind) => {
    it('round-trips its README example: JSON form → Avro bytes → the same value', () => {
      const json = exampleOf(kind);
      const bytes = codec.encode(kind, codec.fromJson(kind, json));
      const decoded = codec.decode(bytes);
      expect(decoded.kind).toBe(kind);
      expect(decoded.resolvedFromHistory).toBe(false);
      expect(codec.toJson(kind, decoded.value)).toEqual(json);
    });

    it('writes the single-object header: C3 01 and the fingerprint of its canonical form', () => {
      const bytes = codec.encode(kind, codec.fromJson(kind, exampleOf(kind)));
      expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xc3, 0x01]));
      expect(bytes.subarray(2, 10).toString('hex')).toBe(
        fingerprintHex(crc64Avro(codec.canonicalFormOf(kind))),
      );
    });
  });

  it('writes exactly the header and the Avro body, for a value larger than its scratch space too', () => {
    const example = codec.fromJson('routing.RoutedMessage', exampleOf('routing.RoutedMessage'));
    const type = codec.typeOf('routing.RoutedMessage');
    // 200 KiB of partner payload: larger than the 64 KiB the codec writes into before it grows.
    for (const payload of [Buffer.alloc(10, 1), Buffer.alloc(200 * 1024, 7), Buffer.alloc(20, 2)]) {
      const value = { ...example, payload };
      const bytes = codec.encode('routing.RoutedMessage', value);
      expect(bytes.subarray(10)).toEqual(type.toBuffer(value));
      expect(codec.decode(bytes).value).toEqual(value);
    }
  });

  it('returns a buffer of its own from every encode: a later one does not change an earlier one', () => {
    const example = codec.fromJson('routing.RoutedMessage', exampleOf('routing.RoutedMessage'));
    const first = codec.encode('routing.RoutedMessage', { ...example, payload: Buffer.alloc(100, 1) });
    const copy = Buffer.from(first);
    codec.encode('routing.RoutedMessage', { ...example, payload: Buffer.alloc(100, 9) });
    expect(first).toEqual(copy);
  });

  it('reads the JSON form with dates, timestamps, decimals and bytes as strings', () => {
    const routed = codec.fromJson('routing.RoutedMessage', exampleOf('routing.RoutedMessage'));
    expect(Buffer.isBuffer(routed.payload)).toBe(true);
    // The example payload is a real single-object encoded recommendation: the hub can open it.
    expect(codec.decode(routed.payload).kind).toBe('beskedmodul.EarlyOfferRecommendation');
    const recommendation = codec.fromJson(
      'beskedmodul.EarlyOfferRecommendation',
      exampleOf('beskedmodul.EarlyOfferRecommendation'),
    );
    expect(recommendation.price).toBe('12500.00');
    expect(recommendation.startDate).toBe('2025-03-03');
    expect(recommendation.envelope.queuedAt).toBe('2025-02-10T09:30:00.000Z');
  });

  it('names an unknown field, a missing field and a value of the wrong type in the JSON form', () => {
    const json = structuredClone(exampleOf('beskedmodul.Handover')) as Record<string, unknown> & {
      cv: Record<string, unknown>;
      jobPlan: Record<string, unknown>;
    };
    json.citizenName = 'not allowed';
    delete json.cv.complete;
    const error = thrown(() => codec.fromJson('beskedmodul.Handover', json));
    expect(error).toBeInstanceOf(InvalidValueError);
    const problems = (error as InvalidValueError).problems;
    expect(problems).toContainEqual(expect.stringContaining('citizenName: unknown field'));
    expect(problems).toContainEqual(expect.stringContaining('cv.complete: missing'));

    const wrongDate = structuredClone(exampleOf('beskedmodul.Handover')) as Record<string, unknown>;
    wrongDate.handoverDate = '2025-02-30';
    const dateError = thrown(() => codec.fromJson('beskedmodul.Handover', wrongDate)) as InvalidValueError;
    expect(dateError.problems).toEqual([expect.stringContaining('handoverDate: not a valid date')]);
    // The field is named, its value is not: the text travels in dead letters, receipts and events.
    expect(dateError.message).not.toContain('2025-02-30');
  });

  it('refuses to encode a decimal with more decimals than DKK has', () => {
    const json = structuredClone(exampleOf('beskedmodul.EarlyOfferRecommendation')) as Record<
      string,
      unknown
    >;
    json.price = '12500.005';
    expect(() => codec.fromJson('beskedmodul.EarlyOfferRecommendation', json)).toThrow(/price/);
  });

  it('rejects bytes that are not single-object encoded, truncated, trailing or of an unknown schema', () => {
    const bytes = codec.encode(
      'events.NotificationSent',
      codec.fromJson('events.NotificationSent', exampleOf('events.NotificationSent')),
    );
    expect(thrown(() => codec.decode(Buffer.from('{"json":true}')))).toBeInstanceOf(WrongMarkerError);
    expect(thrown(() => codec.decode(bytes.subarray(0, 6)))).toBeInstanceOf(TruncatedMessageError);
    expect(thrown(() => codec.decode(bytes.subarray(0, bytes.length - 3)))).toBeInstanceOf(
      TruncatedMessageError,
    );
    expect(thrown(() => codec.decode(Buffer.concat([bytes, Buffer.from([0])])))).toBeInstanceOf(
      TrailingBytesError,
    );
    const unknown = Buffer.from(bytes);
    unknown.fill(0xaa, 2, 10);
    const error = thrown(() => codec.decode(unknown));
    expect(error).toBeInstanceOf(UnknownFingerprintError);
    expect((error as CodecError).code).toBe('UNKNOWN_SCHEMA');
  });

  it('throws UnknownKindError for a kind it does not know', () => {
    const untyped = codec as unknown as MessageCodec;
    expect(thrown(() => untyped.encode('beskedmodul.Nonsense', {}))).toBeInstanceOf(UnknownKindError);
  });
});
