import { createHash } from 'node:crypto';

import { HEADERS, TOPICS } from '@hub/contracts';

import type { ConsumedRecord, OutgoingRecord } from './records';

export interface DeadLetterReason {
  code: string;
  text: string;
  /** Set by the router, so a replay can tell which version judged the message. */
  routerVersion?: string;
}

/**
 * The most of a record's value a dead letter carries. A larger value, or any value of a record
 * refused as TOO_LARGE, is cut to its first `DEAD_LETTER_EXCERPT_BYTES`, with its length and SHA-256
 * in headers: a dead letter must never be a record the broker refuses (1 MiB a record batch by
 * default), or the commit that carries it fails for good and its consumer stalls. Anything the router
 * accepts (ROUTER_MAX_RECORD_BYTES, 512 KiB) stays whole, so it can be replayed after a fix.
 */
export const DEAD_LETTER_MAX_VALUE_BYTES = 768 * 1024;
export const TOO_LARGE = 'TOO_LARGE';
export const DEAD_LETTER_EXCERPT_BYTES = 1024;

/**
 * A record as it goes to the dead-letter topic: original key, bytes and headers untouched (a value
 * too large to carry cut to its first bytes, its length and SHA-256 kept), plus the
 * error context (why, where it came from, when). `hub deadletters` lists and replays these.
 */
export function deadLetterRecord(
  record: ConsumedRecord,
  reason: DeadLetterReason,
  now: Date = new Date(),
): OutgoingRecord {
  const originalHeaders: Record<string, string | Buffer> = {};
  for (const [name, value] of Object.entries(record.rawHeaders)) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    originalHeaders[name] = Buffer.isBuffer(first) ? first : String(first);
  }
  const value = record.value ?? Buffer.alloc(0);
  const cut =
    value.length > DEAD_LETTER_MAX_VALUE_BYTES ||
    (reason.code === TOO_LARGE && value.length > DEAD_LETTER_EXCERPT_BYTES);
  return {
    topic: TOPICS.deadLetters,
    key: record.key,
    value: cut ? value.subarray(0, DEAD_LETTER_EXCERPT_BYTES) : value,
    headers: {
      ...originalHeaders,
      ...(cut
        ? {
            [HEADERS.originalLength]: String(value.length),
            [HEADERS.originalSha256]: createHash('sha256').update(value).digest('hex'),
          }
        : {}),
      [HEADERS.reasonCode]: reason.code,
      [HEADERS.reasonText]: reason.text,
      [HEADERS.sourceTopic]: record.topic,
      [HEADERS.sourcePartition]: String(record.partition),
      [HEADERS.sourceOffset]: record.offset,
      [HEADERS.rejectedAt]: now.toISOString(),
      ...(reason.routerVersion ? { [HEADERS.routerVersion]: reason.routerVersion } : {}),
    },
  };
}

export function errorReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
