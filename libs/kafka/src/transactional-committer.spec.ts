import { MAX_REQUEST_BYTES, partsWithin } from './transactional-committer';
import type { OutgoingRecord } from './records';

const record = (bytes: number, headers?: Record<string, string>): OutgoingRecord => ({
  topic: 't',
  key: 'key',
  value: Buffer.alloc(bytes),
  headers,
});

describe(partsWithin.name, () => {
  it('keeps every record, in order, in parts under the budget', () => {
    const records = Array.from({ length: 100 }, (_, n) => record(1_000 + n));
    const parts = partsWithin(records, 20_000);
    expect(parts.flat()).toEqual(records);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) {
      const bytes = part.reduce((sum, one) => sum + one.value.length, 0);
      expect(bytes).toBeLessThanOrEqual(20_000);
    }
  });

  it('counts keys and headers too', () => {
    const headers = { 'hub-message-id': 'x'.repeat(4_000) };
    expect(partsWithin([record(10, headers), record(10, headers)], 6_000)).toHaveLength(2);
  });

  it('sends a record larger than the budget alone rather than not at all', () => {
    const parts = partsWithin([record(10), record(50_000), record(10)], 20_000);
    expect(parts.map((part) => part.map((one) => one.value.length))).toEqual([[10], [50_000], [10]]);
  });

  it('puts a router cycle of small records in one request', () => {
    const cycle = Array.from({ length: 3_000 }, () => record(200));
    expect(partsWithin(cycle, MAX_REQUEST_BYTES)).toHaveLength(1);
  });
});
