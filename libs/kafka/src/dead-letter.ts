import { createHash } from 'node:crypto';

import { HEADERS, TOPICS, type ReasonCode } from '@hub/contracts';

import type { ConsumedRecord, OutgoingRecord } from './records';

export interface DeadLetterReason {
  code: ReasonCode;
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
export const TOO_LARGE = 'TOO_LARGE' satisfies ReasonCode;
export const DEAD_LETTER_EXCERPT_BYTES = 1024;

/**
 * The partner's own headers and key are carried on too, within limits that keep the dead letter well
 * under the broker's: a header larger than this (or past MAX_PARTNER_HEADERS_BYTES in all) is left out
 * and named in `hub-dlq-omitted-headers`; a key larger than DEAD_LETTER_EXCERPT_BYTES is cut.
 */
export const DEAD_LETTER_MAX_HEADER_BYTES = 4 * 1024;
const MAX_PARTNER_HEADERS_BYTES = 64 * 1024;
/**
 * The most characters of a reason text a dead letter carries (cut with '…'): with the value, key and
 * partner headers cut as above, a dead letter is then always well within MAX_PRODUCED_RECORD_BYTES.
 */
export const DEAD_LETTER_MAX_REASON_CHARS = 4_000;
const MAX_HEADER_NAME_CHARS = 256;
/** Only the hub writes dead-letter context; a partner's header of that name is not believed. */
const DEAD_LETTER_HEADER_PREFIX = 'hub-dlq-';

/**
 * A record as it goes to the dead-letter topic: original key, bytes and headers as they came (a value
 * too large to carry cut to its first bytes, its length and SHA-256 kept; oversized headers and keys
 * left out or cut, see above), plus the error context (why, where it came from, when).
 * `hub deadletters` lists and replays these.
 */
export function deadLetterRecord(
  record: ConsumedRecord,
  reason: DeadLetterReason,
  now: Date = new Date(),
): OutgoingRecord {
  const { kept: originalHeaders, omitted } = partnerHeaders(record);
  const value = record.value ?? Buffer.alloc(0);
  const cut =
    value.length > DEAD_LETTER_MAX_VALUE_BYTES ||
    (reason.code === TOO_LARGE && value.length > DEAD_LETTER_EXCERPT_BYTES);
  const keyCut = record.key !== null && record.key.length > DEAD_LETTER_EXCERPT_BYTES;
  return {
    topic: TOPICS.deadLetters,
    key: keyCut && record.key ? record.key.subarray(0, DEAD_LETTER_EXCERPT_BYTES) : record.key,
    value: cut ? value.subarray(0, DEAD_LETTER_EXCERPT_BYTES) : value,
    headers: {
      ...originalHeaders,
      ...(cut
        ? {
            [HEADERS.originalLength]: String(value.length),
            [HEADERS.originalSha256]: createHash('sha256').update(value).digest('hex'),
          }
        : {}),
      ...(omitted.length > 0 ? { [HEADERS.omittedHeaders]: omitted.join(', ') } : {}),
      ...(keyCut && record.key ? { [HEADERS.originalKeyLength]: String(record.key.length) } : {}),
      [HEADERS.reasonCode]: reason.code,
      [HEADERS.reasonText]:
        reason.text.length > DEAD_LETTER_MAX_REASON_CHARS
          ? `${reason.text.slice(0, DEAD_LETTER_MAX_REASON_CHARS)}…`
          : reason.text,
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

/** The partner's headers a dead letter carries on, and a description of those it leaves out. */
function partnerHeaders(record: ConsumedRecord): {
  kept: Record<string, string | Buffer>;
  omitted: string[];
} {
  const kept: Record<string, string | Buffer> = {};
  const omitted: string[] = [];
  let total = 0;
  for (const [name, raw] of Object.entries(record.rawHeaders)) {
    if (raw === undefined || name.startsWith(DEAD_LETTER_HEADER_PREFIX)) continue;
    const first = Array.isArray(raw) ? raw[0] : raw;
    const value = Buffer.isBuffer(first) ? first : String(first);
    const bytes = Buffer.byteLength(name) + Buffer.byteLength(value);
    if (
      name.length > MAX_HEADER_NAME_CHARS ||
      bytes > DEAD_LETTER_MAX_HEADER_BYTES ||
      total + bytes > MAX_PARTNER_HEADERS_BYTES
    ) {
      // Named by its first characters only, as text the monitor can keep (no NUL, no controls).
      const shown = [...name.slice(0, 64)].map((char) => (isControl(char) ? '?' : char)).join('');
      omitted.push(`${shown}${name.length > 64 ? '…' : ''} (${bytes} bytes)`);
      continue;
    }
    kept[name] = value;
    total += bytes;
  }
  return {
    kept,
    omitted: omitted.length > 20 ? [...omitted.slice(0, 20), `${omitted.length - 20} more`] : omitted,
  };
}

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}
