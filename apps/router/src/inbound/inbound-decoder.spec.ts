import { PermanentError } from '@hub/common';
import { loadHubCodec } from '@hub/contracts';
import { ConsumedRecord } from '@hub/kafka';

import { InboundDecoder } from './inbound-decoder';

const topic = 'hub.inbound.beskedmodul.akasse-3f.v1';
const record = (value: Buffer, headers: Record<string, Buffer> = {}): ConsumedRecord => ({
  topic,
  partition: 0,
  offset: '7',
  key: Buffer.from('key'),
  value,
  headers: {},
  timestamp: 0,
  rawHeaders: headers,
});

describe(InboundDecoder.name, () => {
  const decoder = new InboundDecoder(loadHubCodec(), { bySlug: () => ({ kind: 'akasse', id: '3F' }) }, 1_000);
  const reasonOf = (value: Buffer, headers?: Record<string, Buffer>): string | undefined => {
    try {
      decoder.decode(record(value, headers));
      return undefined;
    } catch (error) {
      return error instanceof PermanentError ? `${error.code}: ${error.message}` : String(error);
    }
  };

  it('refuses a record over the size limit before reading it, saying how large it is', () => {
    expect(reasonOf(Buffer.alloc(998))).toBe(
      'TOO_LARGE: the record is 1001 bytes (key, value and headers); the hub accepts at most 1000',
    );
  });

  it('counts headers in the size', () => {
    expect(reasonOf(Buffer.alloc(500), { big: Buffer.alloc(600) })).toMatch(
      /^TOO_LARGE: the record is 1106 bytes/,
    );
  });

  it('reads a record within the limit (and finds what else is wrong with it)', () => {
    expect(reasonOf(Buffer.from('garbage'))).not.toMatch(/TOO_LARGE/);
  });
});
