import { createRequire } from 'node:module';

/*
 * Typed access to the kafkajs modules that patches/ changes, for the start-up check and the
 * tests that call them directly. kafkajs does not export them, and its typings do not describe
 * them, so the shapes below cover only what the check and the tests use.
 */

const load = createRequire(__filename);

/** A record as kafkajs's aborted-transaction filter sees it. */
export interface FilteredRecord {
  offset: string;
  key: Buffer | null;
  isControlRecord?: boolean;
  batchContext: { producerId: string; inTransaction: boolean };
}

export interface AbortedTransaction {
  firstOffset: string;
  producerId: string;
}

export type AbortedTransactionFilter = (fetched: {
  messages: FilteredRecord[];
  abortedTransactions: AbortedTransaction[];
}) => FilteredRecord[];

export const loadAbortedTransactionFilter = (): AbortedTransactionFilter =>
  load('kafkajs/src/consumer/filterAbortedMessages') as AbortedTransactionFilter;

export const installedKafkajsVersion = (): string =>
  (load('kafkajs/package.json') as { version: string }).version;
