import { FilteredRecord, loadAbortedTransactionFilter } from './kafkajs-internals';

/**
 * kafkajs's aborted-transaction filter as patched by
 * patches/kafkajs+2.2.4+001+filter-aborted-out-of-order.patch, called directly with fetched records
 * the way the broker hands them over.
 */
const filter = loadAbortedTransactionFilter();

const ABORT_KEY = Buffer.from([0, 0, 0, 0]);
const COMMIT_KEY = Buffer.from([0, 0, 0, 1]);

const data = (offset: number, producerId: string, inTransaction = true): FilteredRecord => ({
  offset: String(offset),
  key: Buffer.from(`key-${offset}`),
  batchContext: { producerId, inTransaction },
});
const marker = (offset: number, producerId: string, key: Buffer): FilteredRecord => ({
  offset: String(offset),
  key,
  isControlRecord: true,
  batchContext: { producerId, inTransaction: true },
});
const offsets = (records: FilteredRecord[]): number[] => records.map(({ offset }) => Number(offset));

/**
 * One partition's log: producers A and C each wrote a transaction that was aborted, interleaved
 * with B's committed one; C was aborted before A although A began first, so the broker lists C's
 * abort first. D writes outside transactions; A then commits a new transaction.
 */
const LOG: FilteredRecord[] = [
  data(0, 'A'),
  data(1, 'B'),
  data(2, 'C'),
  data(3, 'C'),
  data(4, 'A'),
  data(5, 'B'),
  marker(6, 'C', ABORT_KEY),
  marker(7, 'B', COMMIT_KEY),
  data(8, 'A'),
  marker(9, 'A', ABORT_KEY),
  data(10, 'D', false),
  data(11, 'A'),
  marker(12, 'A', COMMIT_KEY),
];
const ABORTED_IN_ABORT_ORDER = [
  { firstOffset: '2', producerId: 'C' },
  { firstOffset: '0', producerId: 'A' },
];

describe("kafkajs's aborted-transaction filter (patched)", () => {
  it('drops every record of interleaved aborted transactions listed out of first-offset order', () => {
    const kept = filter({ messages: LOG, abortedTransactions: ABORTED_IN_ABORT_ORDER });
    // B's records, the markers, D's record and A's later committed transaction.
    expect(offsets(kept)).toEqual([1, 5, 6, 7, 9, 10, 11, 12]);
  });

  it('gives the same answer whichever order the aborts are listed in', () => {
    const kept = filter({ messages: LOG, abortedTransactions: [...ABORTED_IN_ABORT_ORDER].reverse() });
    expect(offsets(kept)).toEqual([1, 5, 6, 7, 9, 10, 11, 12]);
  });

  it('starts every aborted transaction that began before the first fetched record', () => {
    // A fetch from offset 3: both A's and C's aborted transactions began before it, so its first
    // record (C's) must start both, not only the first listed (A's).
    const inFirstOffsetOrder = [...ABORTED_IN_ABORT_ORDER].reverse();
    const kept = filter({ messages: LOG.slice(3), abortedTransactions: inFirstOffsetOrder });
    expect(offsets(kept)).toEqual([5, 6, 7, 9, 10, 11, 12]);
  });

  it('does not take a data record keyed like an abort marker for the end of a transaction', () => {
    const messages = [
      data(0, 'A'),
      { ...data(1, 'A'), key: ABORT_KEY },
      data(2, 'A'),
      marker(3, 'A', ABORT_KEY),
    ];
    const kept = filter({ messages, abortedTransactions: [{ firstOffset: '0', producerId: 'A' }] });
    expect(offsets(kept)).toEqual([3]);
  });

  it('matches producer ids whether the broker gave them as strings or numbers', () => {
    const kept = filter({
      messages: [data(0, '7'), marker(1, '7', ABORT_KEY)],
      abortedTransactions: [{ firstOffset: '0', producerId: 7 as unknown as string }],
    });
    expect(offsets(kept)).toEqual([1]);
  });

  it('keeps everything when the fetch lists no aborted transaction', () => {
    expect(filter({ messages: LOG, abortedTransactions: [] })).toBe(LOG);
  });
});
