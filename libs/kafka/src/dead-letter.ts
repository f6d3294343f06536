import { HEADERS, TOPICS } from '@hub/contracts';

import type { ConsumedRecord, OutgoingRecord } from './records';

export interface DeadLetterReason {
  code: string;
  text: string;
  /** Set by the router, so a replay can tell which version judged the message. */
  routerVersion?: string;
}

/**
 * A record as it goes to the dead-letter topic: original key, bytes and headers untouched, plus the
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
  return {
    topic: TOPICS.deadLetters,
    key: record.key,
    value: record.value ?? Buffer.alloc(0),
    headers: {
      ...originalHeaders,
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
