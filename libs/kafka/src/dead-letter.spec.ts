import { createHash } from 'node:crypto';

import { HEADERS, TOPICS } from '@hub/contracts';

import {
  DEAD_LETTER_EXCERPT_BYTES,
  DEAD_LETTER_MAX_VALUE_BYTES,
  deadLetterRecord,
  TOO_LARGE,
} from './dead-letter';
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

  it.each([
    ['a value too large to carry', DEAD_LETTER_MAX_VALUE_BYTES + 1, 'WRONG_MARKER'],
    ['a record refused as too large', 600 * 1024, TOO_LARGE],
  ])('keeps only the first bytes of %s, with its length and SHA-256', (_name, bytes, code) => {
    const value = Buffer.alloc(bytes, 'abc');
    const letter = deadLetterRecord(consumed(value), { code, text: 'why' });
    expect(letter.value.equals(value.subarray(0, DEAD_LETTER_EXCERPT_BYTES))).toBe(true);
    expect(letter.headers?.[HEADERS.originalLength]).toBe(String(value.length));
    expect(letter.headers?.[HEADERS.originalSha256]).toBe(createHash('sha256').update(value).digest('hex'));
  });
});
