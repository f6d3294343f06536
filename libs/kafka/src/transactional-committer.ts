import { randomUUID } from 'node:crypto';

import { Logger } from '@nestjs/common';
import type { Admin, Kafka, Producer } from 'kafkajs';

import { producerCodecOf } from './compression';
import { fetchStableOffsets, GroupMembership, sendOffsetsAsMember, TopicPartitionList } from './kip447';
import { assertWithinRecordLimit } from './record-limits';
import { OutgoingRecord } from './records';

/**
 * Retries of the transactional producer. A transaction begun right after the previous one committed
 * is refused with CONCURRENT_TRANSACTIONS until the broker has written the previous one's markers,
 * a few milliseconds; kafkajs retries that like any error, first after 200-300 ms (the Java client
 * retries it after 20 ms). Starting small and doubling keeps that wait short while still covering a
 * broker that restarts (~30 s).
 */
const TRANSACTIONAL_RETRY = { initialRetryTime: 10, maxRetryTime: 5_000, retries: 14 };

/**
 * How long a transaction may stay open before the broker aborts it. A transaction is begun only
 * when a cycle is handled and ready to commit, so a healthy one lasts milliseconds; the limit
 * matters when an instance dies mid-commit: until the broker aborts its transaction, a new owner of
 * its partitions waits (its stable offset fetch answers UNSTABLE_OFFSET_COMMIT) and read-committed
 * consumers of what it wrote wait too. Kafka Streams uses 10 s for the same reason.
 */
export const TRANSACTION_TIMEOUT_MS = 10_000;

/**
 * How long a newly assigned partition's committed offset is waited for: the transaction timeout,
 * plus the broker's check for timed-out transactions (every 10 s by default), plus a margin.
 */
const STABLE_OFFSETS_TIMEOUT_MS = TRANSACTION_TIMEOUT_MS + 10_000 + 5_000;

/**
 * Most bytes of records in one produce request. The broker refuses a partition's record batch
 * above `message.max.bytes` (1 MiB by default) and kafkajs sends everything one `sendBatch` holds
 * for a partition as one batch: a cycle of large records to a topic with few partitions would be
 * refused, and refused again on every retry. Split below it, the parts go out one after the other
 * in the same transaction.
 */
export const MAX_REQUEST_BYTES = 768 * 1024;
/** Per-record framing in a v2 record batch (length, attributes, deltas, varint sizes), at most. */
const RECORD_OVERHEAD_BYTES = 32;

/** A contiguous range of one partition's records, committed (with what it produced) in one go. */
export interface PartitionSlice {
  topic: string;
  partition: number;
  /** Offset of the slice's first record (or of `through`, for a slice of skipped records only). */
  first: bigint;
  /** The last offset the slice covers: the committed offset becomes `through + 1`. */
  through: bigint;
  records: OutgoingRecord[];
}

/** Per slice: committed now or before (found committed), or left for redelivery. */
export type SliceOutcome = 'committed' | 'abandoned';

/** An instance's own transactional id: the service's prefix and a random part, new at every start. */
export const instanceTransactionalId = (prefix: string): string => `${prefix}.${randomUUID()}`;

export const partitionKey = (topic: string, partition: number): string => `${topic}/${partition}`;

/**
 * This instance's transactional producer and what it knows of its partitions' committed offsets.
 * One transaction per cycle commits every partition the instance holds: the records produced and
 * the consumed offsets, sent as a member of the consumer group (KIP-447), so the group coordinator
 * refuses the commit once a rebalance has given the partitions to another member. The transactional
 * id is this instance's own (`<prefix>.<random>`): fencing comes from the group generation, not from
 * sharing ids. See docs/consumer-core.md.
 */
export class TransactionalCommitter {
  private readonly log = new Logger(TransactionalCommitter.name);
  private producer: Producer | undefined;
  private starting: Promise<Producer> | undefined;
  /** First offset not yet committed, per partition held; absent when the group has none for it. */
  private readonly next = new Map<string, bigint>();
  /** Partitions whose committed offsets are known (read stably since they were assigned). */
  private readonly known = new Set<string>();
  private learning: Promise<void> | undefined;
  readonly transactionalId: string;

  constructor(
    private readonly deps: {
      kafka: Kafka;
      admin: Admin;
      groupId: string;
      transactionalIdPrefix: string;
      /** The partitions of this instance's current assignment. */
      assigned(): TopicPartitionList[];
    },
  ) {
    this.transactionalId = instanceTransactionalId(deps.transactionalIdPrefix);
  }

  nextOffset(topic: string, partition: number): bigint | undefined {
    return this.next.get(partitionKey(topic, partition));
  }

  /**
   * Forgets what it knew of partitions that were given to another member (or taken and given back:
   * someone else may have committed meanwhile). Their offsets are read again before their next slice.
   */
  forget(partitions: readonly { topic: string; partition: number }[]): void {
    for (const { topic, partition } of partitions) {
      const key = partitionKey(topic, partition);
      this.known.delete(key);
      this.next.delete(key);
    }
  }

  /**
   * The producer, once it is initialised and the committed offsets of every assigned partition are
   * known. Reading them needs the offsets to be stable: a transaction of the partitions' previous
   * owner that is still open (an instance that died mid-commit) moves them when it ends.
   */
  async ready(heartbeat?: () => Promise<void>): Promise<Producer> {
    const producer = await this.startProducer();
    while (this.unknownPartitions().length > 0) {
      this.learning ??= this.learnOffsets(heartbeat).finally(() => (this.learning = undefined));
      await this.learning;
    }
    return producer;
  }

  /** Assigned partitions whose committed offsets are not known yet, by topic. */
  private unknownPartitions(): TopicPartitionList[] {
    return this.deps
      .assigned()
      .map(({ topic, partitions }) => ({
        topic,
        partitions: partitions.filter((partition) => !this.known.has(partitionKey(topic, partition))),
      }))
      .filter(({ partitions }) => partitions.length > 0);
  }

  private startProducer(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    this.starting ??= this.initProducer().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /**
   * Initialising the transactional id aborts a transaction this instance left open before a
   * failed commit (the broker finishes it before answering), so the offsets read after it are final.
   */
  private async initProducer(): Promise<Producer> {
    const producer = this.deps.kafka.producer({
      transactionalId: this.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: TRANSACTION_TIMEOUT_MS,
      retry: TRANSACTIONAL_RETRY,
    });
    try {
      await producer.connect();
      // kafkajs initialises the transactional id only when a first transaction begins; an empty one
      // does that now and ends without a request.
      await (await producer.transaction()).abort();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.producer = producer;
    this.log.log({ msg: 'transactional producer ready', transactionalId: this.transactionalId });
    return producer;
  }

  private async learnOffsets(heartbeat?: () => Promise<void>): Promise<void> {
    const unknown = this.unknownPartitions();
    if (unknown.length === 0) return;
    const offsets = await fetchStableOffsets(this.deps.admin, this.deps.groupId, unknown, {
      timeoutMs: STABLE_OFFSETS_TIMEOUT_MS,
      onWait: heartbeat,
    });
    const committed = new Map<string, bigint>();
    for (const { topic, partitions } of offsets) {
      for (const { partition, offset } of partitions)
        committed.set(partitionKey(topic, partition), BigInt(offset));
    }
    // Every partition asked for is known now; one the answer leaves out has no committed offset.
    for (const { topic, partitions } of unknown) {
      for (const partition of partitions) {
        const key = partitionKey(topic, partition);
        const offset = committed.get(key);
        if (offset !== undefined && offset >= 0n) this.next.set(key, offset);
        else this.next.delete(key);
        this.known.add(key);
      }
    }
    this.log.log({
      msg: 'read the committed offsets of newly assigned partitions',
      partitions: unknown.reduce((sum, { partitions }) => sum + partitions.length, 0),
    });
  }

  /**
   * Closes the producer and forgets every offset: after a failed commit what went through is
   * unknown, so the next `ready()` starts afresh and reads the offsets again.
   */
  async drop(): Promise<void> {
    const { producer } = this;
    this.producer = undefined;
    this.next.clear();
    this.known.clear();
    await producer?.disconnect().catch(() => undefined);
  }

  /**
   * Commits slices (their output and consumed offsets) in one transaction, as `membership` of the
   * consumer group. A slice that starts below a partition's committed offset was processed by
   * another holder (or by this instance before a failed commit turned out to have gone through):
   * past its end it counts as committed and is not produced again; inside it, it is abandoned and
   * redelivered from where the group stands. Throws when the transaction fails (ILLEGAL_GENERATION
   * or UNKNOWN_MEMBER_ID when a rebalance has moved on); the caller drops the producer and retries,
   * which reads the offsets that decide again.
   */
  async commit(slices: readonly PartitionSlice[], membership: GroupMembership): Promise<SliceOutcome[]> {
    const producer = await this.ready();
    const position = new Map<string, bigint | undefined>();
    const blocked = new Set<string>();
    const outcomes: (SliceOutcome | 'commit')[] = [];
    const ordered = [...slices.keys()].sort((a, b) => compareBigint(slices[a].first, slices[b].first));
    for (const index of ordered) {
      const slice = slices[index];
      const key = partitionKey(slice.topic, slice.partition);
      // After an abandoned slice, a later one of the same partition would commit past records
      // nobody handled.
      if (blocked.has(key)) {
        outcomes[index] = 'abandoned';
        continue;
      }
      const next = position.has(key) ? position.get(key) : this.next.get(key);
      if (next !== undefined && next > slice.first) {
        outcomes[index] = next > slice.through ? 'committed' : 'abandoned';
        if (outcomes[index] === 'abandoned') {
          blocked.add(key);
          this.log.warn({
            msg: 'another holder committed part of this slice; leaving it for redelivery',
            key,
            slice: `${slice.first}-${slice.through}`,
            committedOffset: next.toString(),
          });
        }
        continue;
      }
      outcomes[index] = 'commit';
      position.set(key, slice.through + 1n);
    }
    const toCommit = slices.filter((_, index) => outcomes[index] === 'commit');
    if (toCommit.length > 0) {
      const records = toCommit.flatMap((slice) => slice.records);
      // The chunk runner has sent any record over the limit to the poison path already; checked
      // again here, before the transaction begins, so one can never reach the broker to be refused.
      assertWithinRecordLimit(records);
      const compression = producerCodecOf(this.deps.kafka);
      const transaction = await producer.transaction();
      try {
        for (const part of partsWithin(records, MAX_REQUEST_BYTES)) {
          await transaction.sendBatch({ topicMessages: groupByTopic(part), compression });
        }
        await sendOffsetsAsMember(transaction, this.deps.groupId, offsetsOf(position), membership);
        await transaction.commit();
      } catch (error) {
        await transaction.abort().catch(() => undefined);
        throw error;
      }
      for (const [key, offset] of position) if (offset !== undefined) this.next.set(key, offset);
    }
    return outcomes.map((outcome) => (outcome === 'commit' ? 'committed' : outcome));
  }
}

function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function offsetsOf(position: ReadonlyMap<string, bigint | undefined>): {
  topic: string;
  partitions: { partition: number; offset: string }[];
}[] {
  const byTopic = new Map<string, { partition: number; offset: string }[]>();
  for (const [key, offset] of position) {
    if (offset === undefined) continue;
    const cut = key.lastIndexOf('/');
    const topic = key.slice(0, cut);
    const list = byTopic.get(topic) ?? [];
    list.push({ partition: Number(key.slice(cut + 1)), offset: offset.toString() });
    byTopic.set(topic, list);
  }
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
}

type TopicMessage = {
  key: string | Buffer | null;
  value: Buffer;
  headers?: Record<string, string | Buffer>;
  timestamp?: string;
};

/** The records as kafkajs sends them: per topic, in order, each with its timestamp if it has one. */
export function groupByTopic(
  records: readonly OutgoingRecord[],
): { topic: string; messages: TopicMessage[] }[] {
  const byTopic = new Map<string, TopicMessage[]>();
  for (const { topic, key, value, headers, timestamp } of records) {
    const message: TopicMessage = { key, value, headers };
    if (timestamp !== undefined) message.timestamp = String(timestamp);
    const list = byTopic.get(topic);
    if (list) list.push(message);
    else byTopic.set(topic, [message]);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

function sizeOf({ key, value, headers }: OutgoingRecord): number {
  let size = RECORD_OVERHEAD_BYTES + value.length + (key === null ? 0 : Buffer.byteLength(key));
  for (const [name, header] of Object.entries(headers ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(header) + 10;
  }
  return size;
}

/** The records in consecutive parts of at most `budget` bytes each (a larger record alone). */
export function partsWithin(records: readonly OutgoingRecord[], budget: number): OutgoingRecord[][] {
  const parts: OutgoingRecord[][] = [];
  let current: OutgoingRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = sizeOf(record);
    if (current.length > 0 && bytes + size > budget) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}
