import {
  FilteredRecord,
  installedKafkajsVersion,
  loadAbortedTransactionFilter,
  loadEosManagerFactory,
  loadOffsetFetchRequest,
  loadRecordEncoder,
  loadSendMessages,
  loadTxnOffsetCommitRequest,
} from './kafkajs-internals';

/** The kafkajs version the patches in patches/ were made for. */
export const PATCHED_KAFKAJS_VERSION = '2.2.4';

/**
 * Whether the installed kafkajs hides aborted transactions from read-committed consumers when the
 * broker lists them out of order (two transactions aborted in another order than they began, as a
 * restarted router does to a killed one's). kafkajs 2.2.4 does not; the patch
 * patches/kafkajs+2.2.4+001+filter-aborted-out-of-order.patch fixes it. Checked by running the
 * installed filter on such a case.
 */
export function kafkajsFiltersAbortedTransactions(): boolean {
  const filter = loadAbortedTransactionFilter();
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

/**
 * Whether the installed kafkajs remembers a transactional producer's coordinator instead of
 * asking for it before every transaction step (patches/kafkajs+2.2.4+002+…). Checked by the
 * marker the patch sets: the behaviour needs a broker, and its tests cover it.
 */
export function kafkajsCachesTransactionCoordinator(): boolean {
  return loadEosManagerFactory().cachesTransactionCoordinator === true;
}

/**
 * Whether the installed kafkajs also remembers the consumer group's coordinator its transactions
 * commit offsets to (patches/kafkajs+2.2.4+004+…), by the marker that patch sets.
 */
export function kafkajsCachesGroupCoordinator(): boolean {
  return loadEosManagerFactory().cachesGroupCoordinator === true;
}

/**
 * Whether the installed kafkajs speaks KIP-447 (patches/kafkajs+2.2.4+005+…): TxnOffsetCommit v3
 * with the consumer's generation, OffsetFetch v7 with require_stable. Without it a transactional
 * commit cannot be fenced by the consumer group, and the consumer core's zombie fencing rests on it.
 */
export function kafkajsSpeaksKip447(): boolean {
  return (
    loadEosManagerFactory().commitsOffsetsWithGeneration === true &&
    loadTxnOffsetCommitRequest().versions.includes('3') &&
    loadOffsetFetchRequest().versions.includes('7')
  );
}

/**
 * Whether the installed kafkajs retries AddOffsetsToTxn while the previous transaction still
 * completes (patches/kafkajs+2.2.4+006+…), by the marker that patch sets.
 */
export function kafkajsRetriesAddOffsetsToTxn(): boolean {
  return loadEosManagerFactory().retriesAddOffsetsToTxn === true;
}

/**
 * Whether the installed kafkajs keeps what the brokers acknowledged per partition and lets every
 * produce request of an attempt settle before it retries (patches/kafkajs+2.2.4+007+…), by the
 * marker that patch sets. Without it a broker dying under a transaction can leave a partition's
 * records in it twice (another broker's request, still in flight, sent again) or not at all.
 */
export function kafkajsAcknowledgesPerPartition(): boolean {
  return loadSendMessages().acknowledgesPerPartition === true;
}

/**
 * Whether the installed kafkajs encodes a record into one buffer of its exact size
 * (patches/kafkajs+2.2.4+003+…) instead of a 512-byte buffer per record and per header. A
 * performance patch: checked so that a reinstall without it does not silently slow the hub down.
 */
export function kafkajsEncodesRecordsInPlace(): boolean {
  const encoded = loadRecordEncoder()({ key: 'k', value: 'v', headers: { name: 'value' } });
  return encoded.buf.length < 512;
}

/** What is wrong with the installed kafkajs for the hub; empty when nothing is. */
export function kafkajsPatchProblems(): string[] {
  const problems: string[] = [];
  const version = installedKafkajsVersion();
  if (version !== PATCHED_KAFKAJS_VERSION) {
    problems.push(
      `kafkajs ${version} is installed, the patches in patches/ are for ${PATCHED_KAFKAJS_VERSION}`,
    );
  }
  if (!kafkajsFiltersAbortedTransactions()) {
    problems.push('it shows read-committed consumers records of aborted transactions');
  }
  if (!kafkajsCachesTransactionCoordinator()) {
    problems.push('it looks the transaction coordinator up before every transaction step');
  }
  if (!kafkajsCachesGroupCoordinator()) {
    problems.push("it looks the consumer group's coordinator up in every transaction that commits offsets");
  }
  if (!kafkajsSpeaksKip447()) {
    problems.push('it cannot send the consumer group generation with transactional offsets (KIP-447)');
  }
  if (!kafkajsRetriesAddOffsetsToTxn()) {
    problems.push('it fails a transaction of offsets only that begins while the previous one completes');
  }
  if (!kafkajsAcknowledgesPerPartition()) {
    problems.push('a retried produce can send records twice or leave a partition out when a broker fails');
  }
  if (!kafkajsEncodesRecordsInPlace()) {
    problems.push('it encodes every record and record header into a buffer of its own');
  }
  return problems;
}

/** Refuses to run with a kafkajs other than the patched one the hub was built and tested with. */
export function assertKafkajsPatched(): void {
  const problems = kafkajsPatchProblems();
  if (problems.length) {
    throw new Error(
      `the installed kafkajs is not the patched one: ${problems.join('; ')}. ` +
        'Run `node scripts/apply-patches.js` (npm install runs it) to apply patches/ with patch-package',
    );
  }
}
