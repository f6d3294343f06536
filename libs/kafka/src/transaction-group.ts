import { Logger } from '@nestjs/common';
import type { Admin, Kafka, Producer } from 'kafkajs';

import { OutgoingRecord } from './records';
import { transactionGroupOf, transactionalIdOf } from './transaction-groups';

/**
 * Retries of the transactional producers. A transaction begun right after the previous one committed
 * is refused with CONCURRENT_TRANSACTIONS until the broker has written the previous one's markers,
 * a few milliseconds; kafkajs retries that like any error, first after 200-300 ms (the Java client
 * retries it after 20 ms). Starting small and doubling keeps that wait short while still covering a
 * broker that restarts (~30 s).
 */
const TRANSACTIONAL_RETRY = { initialRetryTime: 10, maxRetryTime: 5_000, retries: 14 };

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

export const partitionKey = (topic: string, partition: number): string => `${topic}/${partition}`;

/**
 * One transaction group of a service on this instance: its transactional producer and what it knows
 * of its partitions' committed offsets. Both are only true while no other producer initialised the
 * same transactional id: one that did fences this one, so a commit that fails leads to a fresh
 * takeover, never a blind retry.
 */
export class TransactionGroup {
  private readonly log = new Logger(TransactionGroup.name);
  private producer: Producer | undefined;
  private takingOver: Promise<Producer> | undefined;
  /** First offset not yet committed, per partition; absent when the group has no offset for it. */
  private readonly next = new Map<string, bigint>();
  /** Whether the latest assignment gave this group to this instance. */
  owned = true;
  readonly transactionalId: string;

  constructor(
    readonly index: number,
    readonly groups: number,
    private readonly deps: {
      kafka: Kafka;
      admin: Admin;
      groupId: string;
      transactionalIdPrefix: string;
      /** The topics of this instance's current assignment. */
      assignedTopics(): string[];
    },
  ) {
    this.transactionalId = transactionalIdOf(deps.transactionalIdPrefix, index, groups);
  }

  get isTakenOver(): boolean {
    return this.producer !== undefined;
  }

  nextOffset(topic: string, partition: number): bigint | undefined {
    return this.next.get(partitionKey(topic, partition));
  }

  /** The group's producer, taking the group over first if this instance does not hold it yet. */
  ready(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    this.takingOver ??= this.takeOver().finally(() => (this.takingOver = undefined));
    return this.takingOver;
  }

  /**
   * Makes this instance the group's only committer, then learns where its partitions stand.
   * Initialising the transactional id fences every earlier producer of it and lets the broker finish
   * (commit or abort) a transaction one of them left behind; only after that are the committed
   * offsets final. Reading them before (as the consumer does when it joins) can miss a commit still
   * completing.
   */
  private async takeOver(): Promise<Producer> {
    await this.drop();
    const producer = this.deps.kafka.producer({
      transactionalId: this.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      retry: TRANSACTIONAL_RETRY,
    });
    try {
      await producer.connect();
      // kafkajs initialises the transactional id only when a first transaction begins; an empty one
      // does that now (fencing, and finishing what an earlier holder left) and ends without a request.
      await (await producer.transaction()).abort();
      await this.readCommittedOffsets();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.producer = producer;
    this.log.log({
      msg: 'took over transaction group',
      transactionalId: this.transactionalId,
      partitions: this.next.size,
    });
    return producer;
  }

  private async readCommittedOffsets(): Promise<void> {
    this.next.clear();
    const topics = this.deps.assignedTopics();
    if (topics.length === 0) return;
    const offsets = await this.deps.admin.fetchOffsets({ groupId: this.deps.groupId, topics });
    for (const { topic, partitions } of offsets) {
      for (const { partition, offset } of partitions) {
        if (transactionGroupOf(topic, partition, this.groups) !== this.index) continue;
        const value = BigInt(offset);
        if (value >= 0n) this.next.set(partitionKey(topic, partition), value);
      }
    }
  }

  /** Closes the producer; the next `ready()` takes the group over afresh. */
  async drop(): Promise<void> {
    const { producer } = this;
    this.producer = undefined;
    this.next.clear();
    await producer?.disconnect().catch(() => undefined);
  }

  /**
   * Commits slices of this group's partitions (their output and consumed offsets) in one transaction.
   * A slice that starts below a partition's committed offset was processed by another holder (or by
   * this instance before a failed commit turned out to have gone through): past its end it counts
   * as committed and is not produced again; inside it, it is abandoned and redelivered from where the
   * group stands. Throws when the transaction fails; the caller drops the producer and retries,
   * which takes the group over again and so re-reads the offsets that decide.
   */
  async commit(slices: readonly PartitionSlice[]): Promise<SliceOutcome[]> {
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
      const transaction = await producer.transaction();
      try {
        const records = toCommit.flatMap((slice) => slice.records);
        for (const part of partsWithin(records, MAX_REQUEST_BYTES)) {
          await transaction.sendBatch({ topicMessages: groupByTopic(part) });
        }
        await transaction.sendOffsets({ consumerGroupId: this.deps.groupId, topics: offsetsOf(position) });
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

type TopicMessage = { key: string | Buffer | null; value: Buffer; headers?: Record<string, string | Buffer> };

export function groupByTopic(
  records: readonly OutgoingRecord[],
): { topic: string; messages: TopicMessage[] }[] {
  const byTopic = new Map<string, TopicMessage[]>();
  for (const { topic, key, value, headers } of records) {
    const list = byTopic.get(topic) ?? [];
    list.push({ key, value, headers });
    byTopic.set(topic, list);
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
