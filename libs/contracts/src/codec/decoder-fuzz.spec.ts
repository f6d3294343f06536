import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as avro from 'avsc';

import { loadMessageExamples } from '../examples';
import { crc64Avro, fingerprintBytes } from './crc64-avro';
import { CodecError } from './errors';
import { canonicalForm, MessageCodec, parseSchema } from './message-codec';
import type { SchemaJson } from './schema-loader';

/**
 * The decoder faces whatever a partner or a broken producer puts on a topic. For every input it must
 * give a typed CodecError (the consumer dead-letters it) or a valid value, never another exception and
 * never hang. Deterministic: a seeded PRNG, so a failure reproduces.
 */

/** mulberry32: small, fast, good enough to pick bytes and positions. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const random = prng(0x5eed_2025);
const int = (below: number): number => Math.floor(random() * below);
const pick = <T>(items: readonly T[]): T => items[int(items.length)];
const randomBytes = (length: number): Buffer => Buffer.from(Array.from({ length }, () => int(256)));

/** Zig-zag varint, as Avro writes int and long, for any size (BigInt). */
function varint(value: bigint): Buffer {
  let zigzag = value >= 0n ? value * 2n : -value * 2n - 1n;
  const bytes: number[] = [];
  while (zigzag >= 0x80n) {
    bytes.push(Number(zigzag & 0x7fn) | 0x80);
    zigzag >>= 7n;
  }
  bytes.push(Number(zigzag));
  return Buffer.from(bytes);
}

function varintLength(bytes: Buffer, at: number): number {
  let length = 1;
  while (at + length - 1 < bytes.length && (bytes[at + length - 1] & 0x80) !== 0) length += 1;
  return length;
}

/** Offsets (in the body) of every array's block count, found by walking the type alongside the value. */
function arrayCountOffsets(type: avro.Type, value: unknown, base: number, out: number[]): void {
  if (type instanceof avro.types.RecordType) {
    let offset = base;
    const record = value as Record<string, unknown>;
    for (const field of type.fields) {
      arrayCountOffsets(field.type, record[field.name], offset, out);
      offset += field.type.toBuffer(record[field.name]).length;
    }
  } else if (type instanceof avro.types.UnwrappedUnionType) {
    const index = type.types.findIndex((branch) => branch.isValid(value));
    arrayCountOffsets(type.types[index], value, base + varint(BigInt(index)).length, out);
  } else if (type instanceof avro.types.ArrayType) {
    out.push(base);
    const items = value as unknown[];
    let offset = base + (items.length > 0 ? varint(BigInt(items.length)).length : 0);
    for (const item of items) {
      arrayCountOffsets(type.itemsType, item, offset, out);
      offset += type.itemsType.toBuffer(item).length;
    }
  }
}

const HUGE_COUNTS = [2n ** 31n, 2n ** 40n, 2n ** 52n, -(2n ** 40n), -(2n ** 31n), 1_000_000n, 10_000n];

function withCount(message: Buffer, bodyOffset: number, count: bigint): Buffer {
  const at = 10 + bodyOffset;
  const replaced = varintLength(message, at);
  return Buffer.concat([message.subarray(0, at), varint(count), message.subarray(at + replaced)]);
}

interface Sample {
  kind: string;
  bytes: Buffer;
  arrayOffsets: number[];
}

/** 'value', or the CodecError code. */
function decodeOutcome(codec: MessageCodec, input: Buffer): string {
  try {
    const decoded = codec.decode(input);
    expect(codec.validate(decoded.kind, decoded.value)).toEqual([]);
    return 'value';
  } catch (error) {
    if (!(error instanceof CodecError)) {
      throw new Error(`decode threw ${String(error)} for ${input.toString('hex')}`);
    }
    return error.code;
  }
}

describe(`${MessageCodec.name} decoding hostile bytes`, () => {
  const codec = MessageCodec.load();
  const kinds = codec.kinds();
  const examples = loadMessageExamples();
  const samples: Sample[] = kinds.map((kind) => {
    const value = codec.fromJson(kind, examples.get(kind)?.json);
    const arrayOffsets: number[] = [];
    arrayCountOffsets(codec.typeOf(kind), value, 0, arrayOffsets);
    return { kind, bytes: codec.encode(kind, value), arrayOffsets };
  });
  const fingerprints = kinds.map((kind) => Buffer.from(codec.fingerprintOf(kind), 'hex'));

  // An old writer with two fields the current reader dropped: decoding it takes avsc's skip path.
  const dir = mkdtempSync(join(tmpdir(), 'hub-fuzz-'));
  const current: SchemaJson = {
    type: 'record',
    name: 'dk.hub.probe.Probe',
    fields: [{ name: 'id', type: 'string' }],
  };
  const old: SchemaJson = {
    type: 'record',
    name: 'dk.hub.probe.Probe',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'tags', type: { type: 'array', items: 'string' } },
      { name: 'notes', type: { type: 'map', values: 'long' } },
      { name: 'tail', type: 'int' },
    ],
  };
  mkdirSync(join(dir, 'common'));
  mkdirSync(join(dir, 'probe'));
  mkdirSync(join(dir, 'history', 'probe.Probe'), { recursive: true });
  writeFileSync(join(dir, 'probe', 'Probe.avsc'), JSON.stringify(current));
  writeFileSync(join(dir, 'history', 'probe.Probe', '1.avsc'), JSON.stringify(old));
  const historyCodec = MessageCodec.load(dir);
  const oldType = parseSchema(old);
  const oldHeader = Buffer.concat([
    Buffer.from([0xc3, 0x01]),
    fingerprintBytes(crc64Avro(canonicalForm(oldType))),
  ]);
  const oldMessage = Buffer.concat([
    oldHeader,
    oldType.toBuffer({ id: 'probe', tags: ['a', 'b', 'c'], notes: { x: 1, y: 2 }, tail: 7 }),
  ]);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads an old writer whose dropped array and map it skips', () => {
    expect(historyCodec.decode(oldMessage)).toMatchObject({
      kind: 'probe.Probe',
      value: { id: 'probe' },
      resolvedFromHistory: true,
    });
  });

  it('gives a typed error or a valid value for 11,000 random and mutated inputs, within seconds', () => {
    const outcomes = new Map<string, number>();
    let inputs = 0;
    const started = Date.now();
    let slowest = 0;
    const feed = (target: MessageCodec, input: Buffer): void => {
      const before = Date.now();
      const outcome = decodeOutcome(target, input);
      slowest = Math.max(slowest, Date.now() - before);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      inputs += 1;
    };
    const flip = (bytes: Buffer, from: number): Buffer => {
      const copy = Buffer.from(bytes);
      for (let n = 1 + int(8); n > 0; n -= 1) copy[from + int(copy.length - from)] ^= 1 << int(8);
      return copy;
    };

    // Random bytes, sometimes behind a valid marker, sometimes behind a real fingerprint.
    for (let i = 0; i < 2000; i += 1) feed(codec, randomBytes(int(300)));
    for (let i = 0; i < 2000; i += 1) {
      feed(codec, Buffer.concat([Buffer.from([0xc3, 0x01]), pick(fingerprints), randomBytes(int(300))]));
    }
    // Valid encodings with mutated bytes.
    for (let i = 0; i < 3000; i += 1) feed(codec, flip(pick(samples).bytes, i % 10 === 0 ? 0 : 10));
    for (let i = 0; i < 1000; i += 1) {
      const { bytes } = pick(samples);
      feed(codec, bytes.subarray(0, int(bytes.length)));
    }
    for (let i = 0; i < 500; i += 1)
      feed(codec, Buffer.concat([pick(samples).bytes, randomBytes(1 + int(20))]));
    for (let i = 0; i < 500; i += 1) {
      const bytes = Buffer.from(pick(samples).bytes);
      (i % 2 === 0 ? pick(fingerprints) : randomBytes(8)).copy(bytes, 2);
      feed(codec, bytes);
    }
    // Huge and impossible array counts where the arrays really are.
    const withArrays = samples.filter((sample) => sample.arrayOffsets.length > 0);
    for (let i = 0; i < 1000; i += 1) {
      const sample = pick(withArrays);
      feed(codec, withCount(sample.bytes, pick(sample.arrayOffsets), pick(HUGE_COUNTS)));
    }
    // The skip path of an old writer: huge counts and sizes on the dropped array and map, and flips.
    const tagsAt = avro.Type.forSchema('string').toBuffer('probe').length; // Right after the id.
    for (let i = 0; i < 1000; i += 1) {
      const mutated =
        i % 2 === 0
          ? withCount(oldMessage, tagsAt + (i % 4 === 0 ? 0 : int(6)), pick(HUGE_COUNTS))
          : flip(oldMessage, 10);
      feed(historyCodec, mutated);
    }

    const elapsed = Date.now() - started;
    expect(inputs).toBeGreaterThanOrEqual(10_000);
    expect(elapsed).toBeLessThan(15_000);
    expect(slowest).toBeLessThan(500);
    // The corpus reaches deep: some inputs decode, and every kind of typed error occurs.
    expect(outcomes.get('value')).toBeGreaterThan(0);
    for (const code of [
      'WRONG_MARKER',
      'TRUNCATED',
      'UNKNOWN_SCHEMA',
      'TRAILING_BYTES',
      'INVALID_BODY',
      'INVALID_VALUE',
    ]) {
      expect(`${code}: ${outcomes.get(code) ?? 0}`).not.toBe(`${code}: 0`);
    }
  }, 30_000);
});
