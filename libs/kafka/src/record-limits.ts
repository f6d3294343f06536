import { PermanentError } from '@hub/common';
import type { ReasonCode } from '@hub/contracts';

import type { OutgoingRecord } from './records';

/**
 * The largest record the hub produces (key, value and headers, before compression). Every topic has
 * the broker's `max.message.bytes` (1 MiB by default, `hub topics create` sets no other), which it
 * applies to a record batch, compressed or not, and a transaction holding a record it refuses fails on
 * every retry: the consumer would stall on it. So every producer path checks its records against this
 * before it sends anything: a handler's output and the poison path's (chunk-runner.ts), the
 * transactional commit (transactional-committer.ts) and HubProducer. Measured uncompressed, so the
 * check holds whatever the codec makes of it.
 */
export const MAX_PRODUCED_RECORD_BYTES = 1_000_000;
export const OUTPUT_TOO_LARGE = 'OUTPUT_TOO_LARGE' satisfies ReasonCode;

/** Bytes of a record's key, value and headers, as the limit counts them. */
export function producedBytes(record: OutgoingRecord): number {
  let bytes = (record.key === null ? 0 : Buffer.byteLength(record.key)) + record.value.length;
  for (const [name, value] of Object.entries(record.headers ?? {}))
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  return bytes;
}

/** The first record over the limit, if any. */
export function oversizedRecord(records: readonly OutgoingRecord[]): OutgoingRecord | undefined {
  return records.find((record) => producedBytes(record) > MAX_PRODUCED_RECORD_BYTES);
}

/** Why `record` may not be produced, as the poison path and the errors say it. */
export function outputTooLargeText(record: OutgoingRecord): string {
  return `a ${producedBytes(record)}-byte record for ${record.topic}, more than the ${MAX_PRODUCED_RECORD_BYTES} bytes a record may have`;
}

/** Throws OUTPUT_TOO_LARGE, before anything is sent, when a record is over the limit. */
export function assertWithinRecordLimit(records: readonly OutgoingRecord[]): void {
  const oversized = oversizedRecord(records);
  if (oversized) {
    throw new PermanentError(OUTPUT_TOO_LARGE, `refusing to produce ${outputTooLargeText(oversized)}`);
  }
}
