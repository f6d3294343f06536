import { createHash } from 'node:crypto';

import { HEADERS, TOPICS, type ReasonCode } from '@hub/contracts';

import {
  DEAD_LETTER_EXCERPT_BYTES,
  DEAD_LETTER_MAX_HEADER_BYTES,
  DEAD_LETTER_MAX_REASON_CHARS,
  DEAD_LETTER_MAX_VALUE_BYTES,
  deadLetterRecord,
  TOO_LARGE,
} from './dead-letter';
import { MAX_PRODUCED_RECORD_BYTES, producedBytes } from './record-limits';
import type { ConsumedRecord } from './records';

const consumed = (value: Buffer): ConsumedRecord => ({
  topic: 'hub.inbound.beskedmodul.akasse-3f.v1',
  partition: 2,
  offset: '41',
  key: Buffer.from('k'),
  value,
  headers: { 'x-partner': 'kept' },
  timestamp: 0,
  rawHeaders: { 'x-partner': Buffer.from('kept') },
});

describe(deadLetterRecord.name, () => {
  it('keeps a record of ordinary size whole, with its headers and the reason', () => {
    const value = Buffer.from('not avro');
    const letter = deadLetterRecord(consumed(value), { code: 'WRONG_MARKER', text: 'why' });
    expect(letter.topic).toBe(TOPICS.deadLetters);
    expect(letter.value.equals(value)).toBe(true);
    expect(letter.headers).toEqual(
      expect.objectContaining({
        'x-partner': Buffer.from('kept'),
        [HEADERS.reasonCode]: 'WRONG_MARKER',
        [HEADERS.sourceOffset]: '41',
      }),
    );
    expect(letter.headers?.[HEADERS.originalLength]).toBeUndefined();
  });

  it('keeps a record as large as the router accepts whole, so it can be replayed after a fix', () => {
    const value = Buffer.alloc(512 * 1024, 'abc');
    const letter = deadLetterRecord(consumed(value), { code: 'UNKNOWN_RECEIVER', text: 'why' });
    expect(letter.value.equals(value)).toBe(true);
    expect(letter.headers?.[HEADERS.originalLength]).toBeUndefined();
  });

  it.each<[string, number, ReasonCode]>([
    ['a value too large to carry', DEAD_LETTER_MAX_VALUE_BYTES + 1, 'WRONG_MARKER'],
    ['a record refused as too large', 600 * 1024, TOO_LARGE],
  ])('keeps only the first bytes of %s, with its length and SHA-256', (_name, bytes, code) => {
    const value = Buffer.alloc(bytes, 'abc');
    const letter = deadLetterRecord(consumed(value), { code, text: 'why' });
    expect(letter.value.equals(value.subarray(0, DEAD_LETTER_EXCERPT_BYTES))).toBe(true);
    expect(letter.headers?.[HEADERS.originalLength]).toBe(String(value.length));
    expect(letter.headers?.[HEADERS.originalSha256]).toBe(createHash('sha256').update(value).digest('hex'));
  });

  it('leaves out partner headers too large to carry and cuts a huge key, so the broker takes the dead letter', () => {
    const record: ConsumedRecord = {
      ...consumed(Buffer.alloc(600 * 1024, 'x')),
      key: Buffer.alloc(300 * 1024, 'k'),
      rawHeaders: {
        'x-small': Buffer.from('kept'),
        'x-huge': Buffer.alloc(200 * 1024, 'h'),
        ['x-long-name-\u0000'.padEnd(1000, 'n')]: Buffer.from('v'),
      },
    };
    const letter = deadLetterRecord(record, { code: TOO_LARGE, text: 'why' });
    const headerBytes = Object.entries(letter.headers ?? {}).reduce(
      (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value),
      0,
    );
    const size = (letter.key?.length ?? 0) + letter.value.length + headerBytes;
    expect(size).toBeLessThan(16 * 1024);
    expect(letter.headers?.['x-small']).toEqual(Buffer.from('kept'));
    expect(letter.headers?.['x-huge']).toBeUndefined();
    expect(letter.headers?.[HEADERS.omittedHeaders]).toBe(
      `x-huge (${200 * 1024 + 6} bytes), x-long-name-?${'n'.repeat(51)}… (1001 bytes)`,
    );
    expect(letter.key?.length).toBe(DEAD_LETTER_EXCERPT_BYTES);
    expect(letter.headers?.[HEADERS.originalKeyLength]).toBe(String(300 * 1024));
    expect(DEAD_LETTER_MAX_HEADER_BYTES).toBeLessThan(200 * 1024);
  });

  it('stays within the record limit at worst: the largest value it keeps whole, a full set of headers and a huge reason', () => {
    const record: ConsumedRecord = {
      ...consumed(Buffer.alloc(DEAD_LETTER_MAX_VALUE_BYTES, 'v')),
      key: Buffer.alloc(DEAD_LETTER_EXCERPT_BYTES, 'k'),
      rawHeaders: Object.fromEntries(
        Array.from({ length: 40 }, (_, index) => [
          `x-${index}`,
          Buffer.alloc(DEAD_LETTER_MAX_HEADER_BYTES - 8, 'h'),
        ]),
      ),
    };
    const reason = 'ø'.repeat(2_000_000); // two bytes a character in UTF-8
    const letter = deadLetterRecord(record, { code: 'INVALID_VALUE', text: reason, routerVersion: '1.0.0' });
    expect(letter.value.length).toBe(DEAD_LETTER_MAX_VALUE_BYTES);
    expect(letter.headers?.[HEADERS.reasonText]).toBe(`${'ø'.repeat(DEAD_LETTER_MAX_REASON_CHARS)}…`);
    expect(producedBytes(letter)).toBeLessThan(MAX_PRODUCED_RECORD_BYTES);
  });

  it("does not carry on a partner's header in the hub's dead-letter namespace", () => {
    const record: ConsumedRecord = {
      ...consumed(Buffer.from('not avro')),
      rawHeaders: {
        [HEADERS.originalLength]: Buffer.from('999'),
        [HEADERS.reasonCode]: Buffer.from('FAKE'),
        [HEADERS.kind]: Buffer.from('beskedmodul.Anything'),
      },
    };
    const letter = deadLetterRecord(record, { code: 'WRONG_MARKER', text: 'why' });
    expect(letter.headers?.[HEADERS.originalLength]).toBeUndefined();
    expect(letter.headers?.[HEADERS.reasonCode]).toBe('WRONG_MARKER');
    expect(letter.headers?.[HEADERS.kind]).toEqual(Buffer.from('beskedmodul.Anything'));
  });
});
