import { createRequire } from 'node:module';

/** A record as kafkajs's aborted-transaction filter sees it. */
interface FilteredRecord {
  offset: string;
  key: Buffer | null;
  isControlRecord?: boolean;
  batchContext: { producerId: string; inTransaction: boolean };
}

type AbortedTransactionFilter = (fetched: {
  messages: FilteredRecord[];
  abortedTransactions: { firstOffset: string; producerId: string }[];
}) => FilteredRecord[];

const FILTER_MODULE = 'kafkajs/src/consumer/filterAbortedMessages';

/**
 * Whether the installed kafkajs hides aborted transactions from read-committed consumers when the
 * broker lists them out of order (two transactions aborted in another order than they began, as a
 * restarted router does to a killed one's). kafkajs 2.2.4 does not; scripts/patch-kafkajs.js
 * installs the fix from patches/kafkajs. Checked by running the installed filter on such a case.
 */
export function kafkajsFiltersAbortedTransactions(): boolean {
  const filter = createRequire(__filename)(FILTER_MODULE) as AbortedTransactionFilter;
  const record = (offset: number, producerId: string): FilteredRecord => ({
    offset: String(offset),
    key: Buffer.from(`k${offset}`),
    batchContext: { producerId, inTransaction: true },
  });
  const kept = filter({
    // Producer 1 wrote offsets 0-1 and producer 2 offsets 2-3; producer 2 was aborted first.
    messages: [record(0, '1'), record(1, '1'), record(2, '2'), record(3, '2')],
    abortedTransactions: [
      { firstOffset: '2', producerId: '2' },
      { firstOffset: '0', producerId: '1' },
    ],
  });
  return kept.length === 0;
}

/** Refuses to run with a kafkajs that would show consumers records of aborted transactions. */
export function assertKafkajsPatched(): void {
  if (!kafkajsFiltersAbortedTransactions()) {
    throw new Error(
      'the installed kafkajs shows read-committed consumers records of aborted transactions; ' +
        'run `node scripts/patch-kafkajs.js` (npm install runs it) to install the fix from patches/kafkajs',
    );
  }
}
