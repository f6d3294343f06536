import type { IHeaders, KafkaMessage } from 'kafkajs';

/** A consumed record with its headers already decoded to strings. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /**
   * The record's timestamp (ms since epoch): on a LogAppendTime topic the broker's time of append
   * (kafkajs reports the batch's), on a CreateTime topic the producer's.
   */
  timestamp: number;
  /** The raw headers, untouched, for forwarding byte for byte (dead letters). */
  rawHeaders: IHeaders;
}

/** A record a handler wants produced, inside the same transaction as the consumed offset. */
export interface OutgoingRecord {
  topic: string;
  key: string | Buffer | null;
  value: Buffer;
  headers?: Record<string, string | Buffer>;
  /**
   * The record's timestamp (ms since the epoch), for a publisher that replays past dates onto a
   * CreateTime topic (HUB_INBOUND_TIMESTAMPS=create-time). Absent: the producer's clock. A
   * LogAppendTime topic overwrites it with the broker's time.
   */
  timestamp?: number;
}

/** What a handler did with a record: an explicit outcome, counted per kind on the metrics. */
export interface HandlerResult {
  outcome: string;
  records: OutgoingRecord[];
}

export function toConsumedRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    headers[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers,
    timestamp: Number(message.timestamp),
    rawHeaders: message.headers ?? {},
  };
}
