import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadMessageExamples } from '../examples';
import type { MessageKind } from '../generated/messages';
import { loadHubCodec } from '../hub-codec';
import { CodecError, TruncatedMessageError, UnknownSchemaIdError, WrongMarkerError } from './errors';
import { parseSchema } from './message-codec';
import { extendSchemaIds, registryHeader, schemaIdFileText, SchemaIdTable } from './schema-ids';

const codec = loadHubCodec();
const examples = loadMessageExamples();
const FIXTURES = join(__dirname, 'fixtures');

function valueOf(kind: MessageKind): unknown {
  return codec.fromJson(kind, examples.get(kind)?.json);
}

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return error instanceof CodecError ? error.code : `not a CodecError: ${String(error)}`;
  }
  return 'no error';
}

/**
 * Bytes the stock `@kafkajs/confluent-schema-registry` encoder wrote for a partner
 * (scripts/record-registry-fixture.ts): what a partner using a stock serializer sends the hub.
 */
interface RecordedFixture {
  kind: MessageKind;
  schemaId: number;
  encoder: string;
  base64: string;
}
const recorded = JSON.parse(
  readFileSync(join(FIXTURES, 'registry-framed.beskedmodul.EarlyOfferRecommendation.json'), 'utf8'),
) as RecordedFixture;

describe('schema-registry framing', () => {
  it('has a registry id for every released schema the hub reads (schemas/registry-ids.json)', () => {
    // Fix: npm run contracts:release (it gives each released version the next id).
    const released = codec.writerSchemas().filter((writer) => writer.version !== 'current');
    const missing = released.filter(
      (writer) => codec.schemaIdTable()?.idOf(writer.fingerprint) === undefined,
    );
    expect(missing.map((writer) => `${writer.kind} version ${writer.version}`)).toEqual([]);
  });

  it('reads the bytes the stock @kafkajs/confluent-schema-registry encoder wrote, as the example message', () => {
    const bytes = Buffer.from(recorded.base64, 'base64');
    expect(bytes.subarray(0, 5)).toEqual(registryHeader(recorded.schemaId));
    const decoded = codec.decode(bytes);
    expect(decoded.kind).toBe(recorded.kind);
    expect(decoded.framing).toBe('schema-registry');
    expect(decoded.schemaId).toBe(recorded.schemaId);
    expect(codec.toJson(recorded.kind, decoded.value as never)).toEqual(examples.get(recorded.kind)?.json);
  });

  it('writes byte for byte what the stock encoder wrote', () => {
    const bytes = codec.encode(recorded.kind, valueOf(recorded.kind) as never, 'schema-registry');
    expect(bytes.toString('base64')).toBe(recorded.base64);
  });

  describe.each(codec.kinds() as MessageKind[])('%s', (kind) => {
    it('round-trips in either framing, and reframes without touching the Avro body', () => {
      const single = codec.encode(kind, valueOf(kind) as never);
      const registry = codec.encode(kind, valueOf(kind) as never, 'schema-registry');
      expect(registry[0]).toBe(0x00);
      expect(registry.subarray(5)).toEqual(single.subarray(10));
      expect(codec.reframe(single, 'schema-registry')).toEqual(registry);
      expect(codec.reframe(registry, 'single-object')).toEqual(single);
      expect(codec.reframe(single, 'single-object')).toBe(single);
      const decoded = codec.decode(registry);
      expect([decoded.kind, decoded.framing]).toEqual([kind, 'schema-registry']);
      expect(codec.toJson(kind, decoded.value as never)).toEqual(examples.get(kind)?.json);
    });
  });

  it('reads an earlier released version written in registry framing, resolved to the current schema', () => {
    const v1 = codec
      .writerSchemas()
      .find((writer) => writer.kind === 'events.ExchangeRejected' && writer.version === '1');
    const id = v1 && codec.schemaIdTable()?.idOf(v1.fingerprint);
    if (!v1 || id === undefined) throw new Error('events.ExchangeRejected version 1 has no schema id');
    // A v1 writer's body: the v1 schema writes the fields it has and leaves out the newer ones.
    const body = parseSchema(v1.schema).toBuffer(valueOf('events.ExchangeRejected'));
    const decoded = codec.decode(Buffer.concat([registryHeader(id), body]));
    expect([decoded.kind, decoded.resolvedFromHistory, decoded.schemaId]).toEqual([
      'events.ExchangeRejected',
      true,
      id,
    ]);
  });

  it('dead-letters what it cannot read, with a specific reason', () => {
    const bytes = codec.encode(
      'beskedmodul.Inquiry',
      valueOf('beskedmodul.Inquiry') as never,
      'schema-registry',
    );
    const unknownId = Buffer.concat([registryHeader(999_999), bytes.subarray(5)]);
    expect(codeOf(() => codec.decode(unknownId))).toBe('UNKNOWN_SCHEMA_ID');
    expect(codeOf(() => codec.decode(bytes.subarray(0, 3)))).toBe('TRUNCATED');
    expect(codeOf(() => codec.decode(bytes.subarray(0, bytes.length - 2)))).toBe('TRUNCATED');
    expect(codeOf(() => codec.decode(Buffer.concat([bytes, Buffer.from([1])])))).toBe('TRAILING_BYTES');
    expect(codeOf(() => codec.decode(Buffer.from([0x01, 0x00, 0x00])))).toBe('WRONG_MARKER');
    expect(codeOf(() => codec.reframe(unknownId, 'single-object'))).toBe('UNKNOWN_SCHEMA_ID');
    const error = (() => {
      try {
        codec.decode(unknownId);
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UnknownSchemaIdError);
    expect((error as Error).message).toBe(
      "unknown schema id 999999: not one of the hub's registered schemas (schemas/registry-ids.json)",
    );
    expect(new WrongMarkerError(Buffer.from([0x7b, 0x22])).message).toMatch(/single-object.*schema-registry/);
    expect(new TruncatedMessageError('x')).toBeInstanceOf(CodecError);
  });
});

describe(SchemaIdTable.name, () => {
  const entry = (id: number, fingerprint: string) => ({ id, kind: 'k.K', version: '1', fingerprint });

  it('refuses an id given twice, a schema with two ids and an id beyond 4 bytes', () => {
    expect(() => new SchemaIdTable('t', [entry(1, 'aa'), entry(1, 'bb')])).toThrow(/given twice/);
    expect(() => new SchemaIdTable('t', [entry(1, 'aa'), entry(2, 'aa')])).toThrow(/two ids/);
    expect(() => new SchemaIdTable('t', [entry(2 ** 31, 'aa')])).toThrow(/not a 4-byte/);
  });

  it('only adds ids, after the highest, and never renumbers', () => {
    const extended = extendSchemaIds(
      [entry(7, 'aa')],
      [
        { kind: 'k.K', version: '1', fingerprint: 'aa' },
        { kind: 'k.K', version: '2', fingerprint: 'bb' },
      ],
    );
    expect(extended.map((one) => [one.id, one.fingerprint])).toEqual([
      [7, 'aa'],
      [8, 'bb'],
    ]);
    expect(JSON.parse(schemaIdFileText(extended))).toEqual({ schemas: extended });
  });
});
