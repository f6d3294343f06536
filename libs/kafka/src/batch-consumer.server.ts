import { Logger } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, Server } from '@nestjs/microservices';
import { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { lastValueFrom } from 'rxjs';

import { ConsumerStatus } from './consumer-status';
import { isTransient } from './errors';
import { ConsumedRecord, HandlerResult, OutgoingRecord, toConsumedRecord } from './records';
import { backoffDelay, DEFAULT_RETRY_POLICY, RetryPolicy } from './retry-policy';

/** What the loop hands to a handler: the decoded value, and the record in the context. */
export class KafkaRecordContext extends BaseRpcContext<[ConsumedRecord]> {
  get record(): ConsumedRecord {
    return this.args[0];
  }
}

export interface Dispatch {
  /** The handler pattern, normally the message kind. */
  pattern: string;
  data: unknown;
}

export interface DecodedItem {
  record: ConsumedRecord;
  dispatch: Dispatch;
}

export interface HandledItem extends DecodedItem {
  result: HandlerResult;
}

type ChunkItem = DecodedItem | { record: ConsumedRecord; poisoned: OutgoingRecord[] };

/**
 * Optional work around each chunk, such as the router's deduplication: `screen` runs before any
 * handler and names records not to handle at all; `confirm` runs after the handlers and before the
 * Kafka commit and names handled records whose output must be dropped. Both see the whole chunk, so
 * a store behind them is asked once per chunk, not once per message. A failure in either is retried
 * in place (the chunk cannot go on without it), and shows as a stall if it lasts.
 */
export interface ChunkGuard {
  screen(items: readonly DecodedItem[]): Promise<ReadonlySet<DecodedItem>>;
  confirm(items: readonly HandledItem[]): Promise<ReadonlySet<HandledItem>>;
}

const EMPTY: ReadonlySet<never> = new Set<never>();

export interface BatchConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: (string | RegExp)[];
  /** Prefix of the transactional ids; one id per input partition: `${prefix}.${topic}.${partition}`. */
  transactionalIdPrefix: string;
  /** Validates and decodes a record (the one place that does, house style); throws if it cannot. */
  decode(record: ConsumedRecord): Dispatch;
  /** Where a record that cannot be decoded or handled goes (dead letter, receipt, event). */
  onPoison(record: ConsumedRecord, error: unknown): OutgoingRecord[];
  /** Every pattern that must have exactly one handler; start-up fails otherwise. */
  requiredPatterns: readonly string[];
  status: ConsumerStatus;
  guard?: ChunkGuard;
  retry?: RetryPolicy;
  /** Records per transaction; a batch larger than this is committed in several steps. */
  chunkSize?: number;
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  fromBeginning?: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What this instance knows about one input partition. `producer` is the transactional producer of the
 * partition's id, and `next` the partition's committed offset as of that producer's initialisation,
 * advanced by its own commits. Both are only true while no other producer initialised the same id:
 * one that did fences this one, so a commit that fails leads to a fresh takeover, never a blind retry.
 */
interface PartitionLane {
  readonly topic: string;
  readonly partition: number;
  producer: Producer | undefined;
  /** First offset not yet committed; undefined when the group has no offset for the partition. */
  next: bigint | undefined;
  /** Serialises batches of the partition: a stale batch from before a rebalance finishes first. */
  tail: Promise<void>;
}

type CommitOutcome = 'committed' | 'abandoned';

/**
 * Retries of the transactional producers. A transaction begun right after the previous one committed
 * is refused with CONCURRENT_TRANSACTIONS until the broker has written the previous one's markers,
 * a few milliseconds; kafkajs retries that like any error, first after 200-300 ms, which made a
 * transaction cost ~55 ms instead of ~8 ms here (the Java client retries it after 20 ms). Starting
 * small and doubling keeps that wait short while still covering a broker that restarts (~30 s).
 */
const TRANSACTIONAL_RETRY = { initialRetryTime: 10, maxRetryTime: 5_000, retries: 14 };

/**
 * The hub's consumer loop, as a NestJS custom transport: handlers stay `@EventPattern(kind)` methods,
 * and this server owns batching, transactions, retries and dead letters (Nest's own Kafka transport
 * has no retry-then-dead-letter path and runs one message at a time).
 *
 * Guarantees: for each input partition, the records a handler returns and the consumed offset are
 * committed in one Kafka transaction (exactly once between topics; read-committed consumers see all
 * or nothing). One transactional id per input partition gives zombie fencing with kafkajs, which only
 * speaks TxnOffsetCommit v1. A poison record goes to onPoison and the partition moves on; a transient
 * failure is retried in place, keeping per-key order.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(KafkaBatchServer.name);
  private readonly lanes = new Map<string, PartitionLane>();
  private readonly retry: RetryPolicy;
  private consumer: Consumer | undefined;
  private admin: Admin | undefined;
  private stopping = false;

  constructor(private readonly options: BatchConsumerOptions) {
    super();
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  on(): never {
    throw new Error('KafkaBatchServer does not emit events; read ConsumerStatus instead');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    this.stopping = true;
    // Stop fetching; kafkajs lets the batch in hand finish (and commit) before it returns.
    await this.consumer?.disconnect();
    const producers = [...this.lanes.values()].flatMap((lane) => (lane.producer ? [lane.producer] : []));
    await Promise.all(producers.map((producer) => producer.disconnect()));
    this.lanes.clear();
    await this.admin?.disconnect();
    this.options.status.set('stopped', 'closed');
  }

  private checkHandlers(): void {
    const missing = this.options.requiredPatterns.filter((pattern) => !this.getHandlerByPattern(pattern));
    if (missing.length > 0) {
      throw new Error(`no handler for message kind(s): ${missing.join(', ')}`);
    }
  }

  private async start(): Promise<void> {
    this.checkHandlers();
    const { kafka, groupId, topics, status } = this.options;
    const consumer = kafka.consumer({
      groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      // A crashed instance's partitions move to the others after this long; heartbeats are sent
      // between chunks and while waiting to retry, so a healthy instance never comes near it.
      sessionTimeout: this.options.sessionTimeoutMs ?? 15_000,
      heartbeatInterval: 3_000,
    });
    this.consumer = consumer;
    this.admin = kafka.admin();
    await this.admin.connect();
    consumer.on(consumer.events.CRASH, (event) => {
      const { error, restart } = event.payload;
      if (restart) {
        this.log.warn({ msg: 'consumer crashed and restarts', error: error.message });
        return;
      }
      // kafkajs will not restart: never sit idle looking healthy. Report and exit so the service
      // manager restarts the process with a clean consumer.
      status.set('failed', `consumer crashed for good: ${error.message}`);
      this.log.error({ msg: 'consumer crashed and will not restart; exiting', error: error.message });
      process.exitCode = 1;
      setTimeout(() => process.kill(process.pid, 'SIGTERM'), 100).unref();
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.batchSize === 0)
        this.commitPassedOver(payload.topic, payload.partition, payload.lastOffset);
    });
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      status.set('running', `member of ${groupId}`);
      this.log.log({ msg: 'joined consumer group', groupId, assignment: event.payload.memberAssignment });
      this.releaseRevoked(event.payload.memberAssignment);
    });
    await consumer.connect();
    for (const topic of topics)
      await consumer.subscribe({ topic, fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.eachBatch(payload),
    });
    this.log.log({ msg: 'consuming', groupId, topics: topics.map(String) });
  }

  private eachBatch(payload: EachBatchPayload): Promise<void> {
    const { topic, partition } = payload.batch;
    return this.inLane(topic, partition, (lane) => this.processBatch(payload, lane));
  }

  /**
   * Runs work on a partition after the work queued before it: a stale batch from before a rebalance,
   * or a commit past skipped records, finishes first. The place in the queue is taken synchronously.
   */
  private async inLane(
    topic: string,
    partition: number,
    work: (lane: PartitionLane) => Promise<void>,
  ): Promise<void> {
    const lane = this.laneOf(topic, partition);
    const previous = lane.tail;
    let release = (): void => undefined;
    lane.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      await work(lane);
    } finally {
      release();
    }
  }

  /**
   * kafkajs never hands over a batch of only aborted records and transaction markers (it moves its
   * position past them itself), so nothing would commit past them: the group's committed offset
   * would stay behind them until the next real record, showing lag on a quiet partition and
   * holding up whatever waits for the group to catch up (the monitor's deadline watch). Such a
   * batch is committed here, offsets only, in the partition's transaction like any other. (Aborted
   * records after the last message of a batch with messages are committed with its last chunk.)
   */
  private commitPassedOver(topic: string, partition: number, lastOffset: string): void {
    const last = BigInt(lastOffset);
    void this.inLane(topic, partition, async (lane) => {
      if (this.stopping || (lane.next !== undefined && lane.next > last)) return;
      const noHeartbeat = (): Promise<void> => Promise.resolve();
      await this.commit(
        lane,
        topic,
        partition,
        [],
        lastOffset,
        lastOffset,
        noHeartbeat,
        () => !this.stopping,
      );
    }).catch((error: unknown) =>
      this.log.warn({
        msg: 'could not commit past aborted records; the next batch will',
        topic,
        partition,
        error: (error as Error).message,
      }),
    );
  }

  /**
   * Closes the producers of partitions this instance no longer has, once any batch of theirs still
   * running has finished. Should a partition come back, its first batch takes it over afresh.
   */
  private releaseRevoked(assignment: Record<string, number[]>): void {
    for (const { topic, partition, producer } of this.lanes.values()) {
      if (!producer || assignment[topic]?.includes(partition)) continue;
      void this.inLane(topic, partition, (lane) => this.dropProducer(lane));
    }
  }

  private async processBatch(payload: EachBatchPayload, lane: PartitionLane): Promise<void> {
    const { batch } = payload;
    const heartbeat = (): Promise<void> => payload.heartbeat();
    // Checked between chunks and while waiting to retry: a chunk in hand is finished and committed
    // even when a shutdown was asked for meanwhile (SIGTERM: finish, commit, then close).
    const alive = (): boolean => payload.isRunning() && !payload.isStale() && !this.stopping;
    if (
      !lane.producer &&
      !(await this.retryUntilDone(
        () => this.takeOver(batch.topic, batch.partition, lane),
        { topic: batch.topic, partition: batch.partition, offset: batch.firstOffset() ?? '?' },
        heartbeat,
        alive,
      ))
    ) {
      return;
    }
    const { messages } = batch;
    const chunkSize = this.options.chunkSize ?? 500;
    let index = 0;
    while (index < messages.length) {
      if (!alive()) return;
      index = this.skipCommitted(payload, lane, index);
      if (index >= messages.length) return;
      const chunk = messages.slice(index, index + chunkSize);
      const outgoing = await this.processChunk(batch.topic, batch.partition, chunk, heartbeat, alive);
      if (outgoing === undefined) return; // Stopping mid-retry: nothing committed, redelivered later.
      const first = chunk[0].offset;
      const last = chunk[chunk.length - 1].offset;
      // The batch's last chunk commits through the batch's end: records after its last message are
      // aborted ones and transaction markers, which kafkajs steps over when that message is resolved.
      const isLastChunk = index + chunk.length >= messages.length;
      const through = isLastChunk && BigInt(batch.lastOffset()) > BigInt(last) ? batch.lastOffset() : last;
      const outcome = await this.commit(
        lane,
        batch.topic,
        batch.partition,
        outgoing,
        first,
        through,
        heartbeat,
        alive,
      );
      if (outcome !== 'committed') return;
      payload.resolveOffset(last);
      index += chunk.length;
      await heartbeat();
    }
  }

  /**
   * Steps over records below the partition's committed offset: a previous holder committed them (or
   * this instance did, before a rebalance made the consumer fetch an older position), and handling
   * them again would duplicate their output. Returns the index of the first record still to handle.
   */
  private skipCommitted(payload: EachBatchPayload, lane: PartitionLane, from: number): number {
    const { messages, topic, partition } = payload.batch;
    let index = from;
    while (index < messages.length && lane.next !== undefined && BigInt(messages[index].offset) < lane.next) {
      index += 1;
    }
    if (index > from) {
      this.log.warn({
        msg: 'skipping records already committed',
        topic,
        partition,
        offsets: `${messages[from].offset}-${messages[index - 1].offset}`,
        committedOffset: lane.next?.toString(),
      });
      payload.resolveOffset(messages[index - 1].offset);
    }
    return index;
  }

  /**
   * Decodes a chunk, lets the guard screen it, runs each remaining record's handler in order, lets the
   * guard confirm, and returns everything to produce for the chunk; undefined when stopping mid-retry.
   */
  private async processChunk(
    topic: string,
    partition: number,
    chunk: KafkaMessage[],
    heartbeat: () => Promise<void>,
    alive: () => boolean,
  ): Promise<OutgoingRecord[] | undefined> {
    const items: ChunkItem[] = chunk.map((message) => {
      const record = toConsumedRecord(topic, partition, message);
      try {
        return { record, dispatch: this.options.decode(record) };
      } catch (error) {
        return { record, poisoned: this.poison(record, 'undecodable', error) };
      }
    });
    const decoded = items.filter((item): item is DecodedItem => 'dispatch' in item);
    const { guard } = this.options;
    const retryGuard = <T>(step: () => Promise<T>): Promise<T | undefined> =>
      this.retryUntilDone(step, items[0].record, heartbeat, alive);

    const skipped = guard ? await retryGuard(() => guard.screen(decoded)) : EMPTY;
    if (skipped === undefined) return undefined;
    const handled: HandledItem[] = [];
    for (const item of items) {
      if (!('dispatch' in item) || skipped.has(item)) continue;
      const result = await this.handle(item, heartbeat, alive);
      if (result === undefined) return undefined;
      handled.push({ ...item, result });
    }
    const dropped = guard ? await retryGuard(() => guard.confirm(handled)) : EMPTY;
    if (dropped === undefined) return undefined;

    const byRecord = new Map<ConsumedRecord, HandledItem>(handled.map((item) => [item.record, item]));
    const outgoing: OutgoingRecord[] = [];
    for (const item of items) {
      if (!('dispatch' in item)) {
        this.options.status.count('undecodable', 'poison');
        outgoing.push(...item.poisoned);
        continue;
      }
      const done = byRecord.get(item.record);
      if (!done || dropped.has(done)) {
        this.options.status.count(item.dispatch.pattern, 'duplicate');
        continue;
      }
      this.options.status.count(item.dispatch.pattern, done.result.outcome);
      outgoing.push(...done.result.records);
    }
    return outgoing;
  }

  /** Runs one record's handler, retrying transient failures in place; undefined when stopping. */
  private async handle(
    item: DecodedItem,
    heartbeat: () => Promise<void>,
    alive: () => boolean,
  ): Promise<HandlerResult | undefined> {
    const { record, dispatch } = item;
    const handler = this.getHandlerByPattern(dispatch.pattern);
    if (!handler) {
      return {
        outcome: 'poison',
        records: this.poison(record, dispatch.pattern, new Error(`no handler for ${dispatch.pattern}`)),
      };
    }
    const startedAt = Date.now();
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result: unknown = await lastValueFrom(
          this.transformToObservable(await handler(dispatch.data, new KafkaRecordContext([record]))),
          { defaultValue: undefined },
        );
        if (attempt > 1 && this.options.status.state === 'stalled')
          this.options.status.set('running', 'recovered');
        return (result as HandlerResult | undefined) ?? { outcome: 'handled', records: [] };
      } catch (error) {
        if (!isTransient(error))
          return { outcome: 'poison', records: this.poison(record, dispatch.pattern, error) };
        if (!(await this.waitBeforeRetry(attempt, startedAt, error, record, heartbeat, alive)))
          return undefined;
      }
    }
  }

  /**
   * Retries a step the chunk cannot go on without (the guard's database work): every failure is
   * retried, because skipping it or dead-lettering the chunk would both be wrong.
   */
  private async retryUntilDone<T>(
    step: () => Promise<T>,
    record: Pick<ConsumedRecord, 'topic' | 'partition' | 'offset'>,
    heartbeat: () => Promise<void>,
    alive: () => boolean,
  ): Promise<T | undefined> {
    const startedAt = Date.now();
    for (let attempt = 1; ; attempt += 1) {
      try {
        const value = await step();
        if (attempt > 1 && this.options.status.state === 'stalled')
          this.options.status.set('running', 'recovered');
        return value;
      } catch (error) {
        if (!(await this.waitBeforeRetry(attempt, startedAt, error, record, heartbeat, alive)))
          return undefined;
      }
    }
  }

  private poison(record: ConsumedRecord, pattern: string, error: unknown): OutgoingRecord[] {
    this.log.warn({
      msg: 'record cannot be processed; sending it to the poison path',
      pattern,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      correlationId: record.headers['hub-correlation-id'],
      error: (error as Error).message,
    });
    return this.options.onPoison(record, error);
  }

  private async waitBeforeRetry(
    attempt: number,
    startedAt: number,
    error: unknown,
    record: Pick<ConsumedRecord, 'topic' | 'partition' | 'offset'>,
    heartbeat: () => Promise<void>,
    alive: () => boolean,
  ): Promise<boolean> {
    const delay = backoffDelay(this.retry, attempt);
    const stuckFor = Date.now() - startedAt;
    if (stuckFor >= this.retry.stallAfterMs && this.options.status.state !== 'stalled') {
      this.options.status.set(
        'stalled',
        `retrying ${record.topic}/${record.partition}@${record.offset} for ${Math.round(stuckFor / 1000)}s: ${(error as Error).message}`,
      );
      this.log.error({
        msg: 'consumer stalled on a transient failure',
        ...record,
        error: (error as Error).message,
      });
    } else {
      this.log.warn({
        msg: 'transient failure; retrying',
        ...record,
        attempt,
        delayMs: delay,
        error: (error as Error).message,
      });
    }
    // Sleep in slices so the group sees heartbeats and a shutdown is not held up by a long backoff.
    const until = Date.now() + delay;
    while (Date.now() < until) {
      if (!alive()) return false;
      await sleep(Math.min(1_000, until - Date.now()));
      await heartbeat().catch(() => undefined);
    }
    return alive();
  }

  private laneOf(topic: string, partition: number): PartitionLane {
    const key = `${topic}/${partition}`;
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { topic, partition, producer: undefined, next: undefined, tail: Promise.resolve() };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  /**
   * Makes this instance the partition's only committer, then learns where the partition stands.
   * Initialising the transactional id fences every earlier producer of it and lets the broker finish
   * (commit or abort) a transaction one of them left behind; only after that is the committed offset
   * final. Reading it before (as the consumer does when it joins) can miss a commit still completing.
   */
  private async takeOver(topic: string, partition: number, lane: PartitionLane): Promise<Producer> {
    await this.dropProducer(lane);
    const transactionalId = `${this.options.transactionalIdPrefix}.${topic}.${partition}`;
    const producer = this.options.kafka.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      retry: TRANSACTIONAL_RETRY,
    });
    try {
      await producer.connect();
      // kafkajs initialises the transactional id only when a first transaction begins; an empty one
      // does that now (fencing, and finishing what an earlier holder left) and ends without a request.
      await (await producer.transaction()).abort();
      lane.next = await this.committedOffset(topic, partition);
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    lane.producer = producer;
    this.log.log({
      msg: 'took over partition',
      topic,
      partition,
      committedOffset: lane.next?.toString() ?? 'none',
    });
    return producer;
  }

  private async committedOffset(topic: string, partition: number): Promise<bigint | undefined> {
    if (!this.admin) throw new Error('the consumer is not started');
    const [topicOffsets] = await this.admin.fetchOffsets({ groupId: this.options.groupId, topics: [topic] });
    const offset = topicOffsets?.partitions.find((p) => p.partition === partition)?.offset;
    return offset === undefined || BigInt(offset) < 0n ? undefined : BigInt(offset);
  }

  private async dropProducer(lane: PartitionLane): Promise<void> {
    const { producer } = lane;
    lane.producer = undefined;
    lane.next = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  /**
   * Commits a chunk's output and its consumed offset in one transaction. A failed attempt is never
   * simply repeated: the commit may have gone through before the error (a lost response), or another
   * instance may have fenced this one and moved on. So the partition is taken over again and its
   * committed offset decides: past the chunk, the chunk is done; inside it, another instance committed
   * part of it and the batch is abandoned (redelivered from where the group stands); at its start,
   * the chunk is committed again with the new producer.
   */
  private async commit(
    lane: PartitionLane,
    topic: string,
    partition: number,
    records: OutgoingRecord[],
    firstOffset: string,
    lastOffset: string,
    heartbeat: () => Promise<void>,
    alive: () => boolean,
  ): Promise<CommitOutcome | undefined> {
    const startedAt = Date.now();
    const first = BigInt(firstOffset);
    const last = BigInt(lastOffset);
    for (let attempt = 1; ; attempt += 1) {
      try {
        let producer = lane.producer;
        if (!producer) {
          producer = await this.takeOver(topic, partition, lane);
          const outcome = this.settledBefore(lane, topic, partition, first, last);
          if (outcome) return outcome;
        }
        const transaction = await producer.transaction();
        try {
          if (records.length > 0) {
            await transaction.sendBatch({ topicMessages: groupByTopic(records) });
          }
          await transaction.sendOffsets({
            consumerGroupId: this.options.groupId,
            topics: [{ topic, partitions: [{ partition, offset: (last + 1n).toString() }] }],
          });
          await transaction.commit();
        } catch (error) {
          await transaction.abort().catch(() => undefined);
          throw error;
        }
        lane.next = last + 1n;
        this.options.status.lastCommitAt = Date.now();
        return 'committed';
      } catch (error) {
        // A fenced or broken producer cannot be reused, and what it managed is unknown.
        await this.dropProducer(lane);
        const waited = await this.waitBeforeRetry(
          attempt,
          startedAt,
          error,
          { topic, partition, offset: lastOffset },
          heartbeat,
          alive,
        );
        if (!waited) return undefined;
      }
    }
  }

  /** After a takeover in the middle of a chunk: whether the partition's committed offset settles it. */
  private settledBefore(
    lane: PartitionLane,
    topic: string,
    partition: number,
    first: bigint,
    last: bigint,
  ): CommitOutcome | undefined {
    const committed = lane.next;
    if (committed === undefined || committed <= first) return undefined;
    const at = { topic, partition, chunk: `${first}-${last}`, committedOffset: committed.toString() };
    if (committed > last) {
      this.log.warn({ msg: 'chunk found committed after a failed commit; not committing it again', ...at });
      return 'committed';
    }
    this.log.warn({ msg: 'another instance committed part of this chunk; abandoning the batch', ...at });
    return 'abandoned';
  }
}

function groupByTopic(records: OutgoingRecord[]): {
  topic: string;
  messages: { key: string | Buffer | null; value: Buffer; headers?: Record<string, string | Buffer> }[];
}[] {
  const byTopic = new Map<
    string,
    { key: string | Buffer | null; value: Buffer; headers?: Record<string, string | Buffer> }[]
  >();
  for (const { topic, key, value, headers } of records) {
    const list = byTopic.get(topic) ?? [];
    list.push({ key, value, headers });
    byTopic.set(topic, list);
  }
  return [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages }));
}
