import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { hubMetrics } from '@hub/observability';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';

import { ChunkHandlerFn } from './chunk-handler';
import { ChunkGuard, ChunkRunner, Dispatch } from './chunk-runner';
import { CommitCycles, HandlingOutcome, Submission } from './commit-cycles';
import { ConsumerStatus } from './consumer-status';
import { heartbeatingWhile } from './heartbeat-pump';
import { membershipOf } from './kip447';
import { PartitionOwnership } from './partition-ownership';
import { ConsumedRecord, OutgoingRecord, toConsumedRecord } from './records';
import { LoopControl, Retrier } from './retrier';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './retry-policy';
import { TransactionalCommitter } from './transactional-committer';

export type { ChunkGuard, DecodedItem, Dispatch, HandledItem } from './chunk-runner';

export interface BatchConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: (string | RegExp)[];
  /** Prefix of the instance's transactional id: `${prefix}.${random}`, one per instance. */
  transactionalIdPrefix: string;
  /** The handlers by pattern, normally `discoverChunkHandlers(app)`. */
  handlers: ReadonlyMap<string, ChunkHandlerFn>;
  /** Validates and decodes a record (the one place that does); throws if it cannot. */
  decode(record: ConsumedRecord): Dispatch;
  /** Where a record that cannot be decoded or handled goes (dead letter, receipt, event). */
  onPoison(record: ConsumedRecord, error: unknown): OutgoingRecord[];
  /** Every pattern that must have exactly one handler; start-up fails otherwise. */
  requiredPatterns: readonly string[];
  status: ConsumerStatus;
  guard?: ChunkGuard;
  retry?: RetryPolicy;
  /** Most records in one transaction; a larger fetch round is committed in several. */
  maxRecordsPerTransaction?: number;
  /** After this long without a heartbeat the group gives the instance's partitions to the others. */
  sessionTimeoutMs?: number;
  fromBeginning?: boolean;
  /** Most bytes one fetch round brings (kafkajs' `maxBytes`); what a round holds is held in memory. */
  fetchMaxBytes?: number;
}

export const DEFAULT_MAX_RECORDS_PER_TRANSACTION = 2_000;
const DEFAULT_SESSION_TIMEOUT_MS = 15_000;
/**
 * How often the member heartbeats: every 3 s, or a third of a shorter session (Kafka's own advice),
 * so one late or lost heartbeat never ends a session.
 */
const heartbeatIntervalFor = (sessionTimeoutMs: number): number =>
  Math.min(3_000, Math.floor(sessionTimeoutMs / 3));
/**
 * How long the broker may hold a fetch while there is nothing new: kafkajs's 5 s, or a third of a
 * shorter session. An idle member heartbeats only between fetches, so a 6 s session with 5 s fetches
 * lapsed whenever a heartbeat came a little late.
 */
const fetchWaitFor = (sessionTimeoutMs: number): number => Math.min(5_000, Math.floor(sessionTimeoutMs / 3));
/**
 * A fetch round of at most 2 MiB: a few thousand of the hub's records, a cycle or two. kafkajs'
 * default (10 MiB) queued five times that behind the cycle in hand, in memory, for no throughput.
 */
export const DEFAULT_FETCH_MAX_BYTES = 2 * 1024 * 1024;
/** kafkajs hands batches to this many workers; more than a fetch can return, so a round is one cycle. */
const BATCH_WORKERS = 1_024;

/**
 * The hub's consumer loop, as a NestJS custom transport (Nest's own Kafka transport runs one message
 * at a time and has no retry-then-dead-letter path). Handlers are `@HandlesChunk` methods, called
 * directly with runs of records.
 *
 * How it goes: kafkajs fetches a round of batches (one per partition with data) and hands them all
 * to this server at once; each batch is submitted in slices to the *cycles* (commit-cycles.ts), where
 * the batches of a round meet: decoded together, screened by the guard once, handled in runs,
 * confirmed once, and committed with one Kafka transaction (records produced + consumed offsets,
 * sent as a member of the consumer group). This server runs the kafkajs consumer, records each
 * join's assignment and generation (partition-ownership.ts), and moves fetch positions on once a
 * slice is handled and back when a commit did not take it (docs/consumer-core.md).
 *
 * Guarantees: exactly once between topics (read-committed consumers see a cycle's output with its
 * offsets, or neither), zombie fencing by the consumer group's generation (KIP-447, kip447.ts),
 * transient failures retried in place (the cycle waits, order is kept), a record that fails for good
 * sent to the poison path alone.
 */
/**
 * The consumer groups each Kafka client has a member of here. kafkajs keeps a group's committed
 * offsets per client, shared by every consumer of that group made from it: a second member on the
 * same client would clear the first's at every rebalance, and the first then crashes reading them.
 */
const groupsByClient = new WeakMap<Kafka, Set<string>>();

export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(KafkaBatchServer.name);
  private committer: TransactionalCommitter | undefined;
  private cycles: CommitCycles | undefined;
  private readonly ownership = new PartitionOwnership();
  private readonly maxRecords: number;
  private readonly sessionTimeoutMs: number;
  private readonly heartbeatIntervalMs: number;
  private readonly retrier: Retrier;
  private readonly runner: ChunkRunner;
  private consumer: Consumer | undefined;
  private admin: Admin | undefined;
  private stopping = false;
  /** Whether this server holds its consumer group's place on its Kafka client (`groupsByClient`). */
  private joinedClient = false;

  constructor(private readonly options: BatchConsumerOptions) {
    super();
    this.maxRecords = options.maxRecordsPerTransaction ?? DEFAULT_MAX_RECORDS_PER_TRANSACTION;
    this.sessionTimeoutMs = options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
    this.heartbeatIntervalMs = heartbeatIntervalFor(this.sessionTimeoutMs);
    this.retrier = new Retrier(options.retry ?? DEFAULT_RETRY_POLICY, options.status);
    this.runner = new ChunkRunner({ ...options, retrier: this.retrier });
  }

  on(): never {
    throw new Error('KafkaBatchServer does not emit events; read ConsumerStatus instead');
  }

  /** This instance's transactional id (set once it has started). */
  get transactionalId(): string | undefined {
    return this.committer?.transactionalId;
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => {
        // A start that failed holds no member: another instance on this client may still join.
        this.leaveClient();
        callback(error);
      },
    );
  }

  async close(): Promise<void> {
    this.stopping = true;
    // Stop fetching; kafkajs lets the round in hand finish (its batches wait for their commit while
    // stopping) before it leaves the group and returns.
    await this.consumer?.disconnect();
    await this.cycles?.idle();
    await this.committer?.drop();
    await this.admin?.disconnect();
    this.leaveClient();
    this.options.status.set('stopped', 'closed');
  }

  private joinClient(kafka: Kafka, groupId: string): void {
    const groups = groupsByClient.get(kafka) ?? new Set<string>();
    if (groups.has(groupId)) {
      throw new Error(
        `consumer group ${groupId} already has a member on this Kafka client; give each instance a ` +
          "client of its own (kafkajs shares a group's committed offsets between the consumers of one client)",
      );
    }
    groups.add(groupId);
    groupsByClient.set(kafka, groups);
    this.joinedClient = true;
  }

  /** Gives up this server's place on its client, if it has one (never another server's). */
  private leaveClient(): void {
    if (!this.joinedClient) return;
    this.joinedClient = false;
    groupsByClient.get(this.options.kafka)?.delete(this.options.groupId);
  }

  private async start(): Promise<void> {
    this.runner.checkHandlers(this.options.requiredPatterns);
    const { kafka, groupId, topics, status } = this.options;
    this.joinClient(kafka, groupId);
    this.admin = kafka.admin();
    await this.admin.connect();
    this.committer = new TransactionalCommitter({
      kafka,
      admin: this.admin,
      groupId,
      transactionalIdPrefix: this.options.transactionalIdPrefix,
      assigned: () => this.ownership.assigned(),
    });
    this.cycles = new CommitCycles({
      groupId,
      maxRecords: this.maxRecords,
      runner: this.runner,
      retrier: this.retrier,
      committer: this.committer,
      ownership: this.ownership,
      status,
      stopping: () => this.stopping,
      rewind: (topic, partition, offset) => this.rewind(topic, partition, offset),
    });
    const consumer = kafka.consumer({
      groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      // A crashed instance's partitions move to the others after this long; heartbeats are sent
      // between cycles, while waiting to retry, and while a batch waits for the producer to start
      // or for its cycle (heartbeatingWhile), so a healthy instance never comes near it.
      sessionTimeout: this.sessionTimeoutMs,
      heartbeatInterval: this.heartbeatIntervalMs,
      maxWaitTimeInMs: fetchWaitFor(this.sessionTimeoutMs),
      maxBytes: this.options.fetchMaxBytes ?? DEFAULT_FETCH_MAX_BYTES,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event) => {
      const { error, restart } = event.payload;
      if (restart) {
        this.log.warn({ msg: 'consumer crashed and restarts', error: error.message });
        return;
      }
      // kafkajs will not restart: never sit idle looking healthy. Report and exit so the service
      // manager restarts the process with a clean consumer.
      status.set('failed', `consumer crashed for good: ${error.message}`);
      this.log.error({
        msg: 'consumer crashed and will not restart; exiting',
        error: error.message,
        // kafkajs wraps the error it gave up on; its stack says where it came from.
        cause: error.cause instanceof Error ? error.cause.stack : undefined,
      });
      process.exitCode = 1;
      setTimeout(() => process.kill(process.pid, 'SIGTERM'), 100).unref();
    });
    consumer.on(consumer.events.FETCH, ({ payload }) =>
      hubMetrics().cycleStage.observe({ stage: 'fetch' }, payload.duration / 1000),
    );
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.batchSize === 0)
        this.commitPassedOver(payload.topic, payload.partition, payload.lastOffset);
    });
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      status.set('running', `member of ${groupId}`);
      const membership = membershipOf(event);
      this.log.log({
        msg: 'joined consumer group',
        groupId,
        generation: membership.generationId,
        assignment: event.payload.memberAssignment,
      });
      // Partitions that left or came (back) are forgotten by the committer: another member may have
      // committed them meanwhile, so their committed offsets are read again (stably) before their
      // next slice; slices read before are stale.
      this.committer?.forget(this.ownership.apply(event.payload.memberAssignment, membership));
    });
    await consumer.connect();
    for (const topic of topics) {
      await consumer.subscribe({ topic, fromBeginning: this.options.fromBeginning ?? true });
    }
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: BATCH_WORKERS,
      eachBatch: (payload) => this.eachBatch(payload),
    });
    this.log.log({
      msg: 'consuming',
      groupId,
      topics: topics.map(String),
      transactionalId: this.committer.transactionalId,
      maxRecordsPerTransaction: this.maxRecords,
    });
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition, messages } = batch;
    const committer = this.committer as TransactionalCommitter;
    // Checked between slices and while waiting to retry: a cycle in hand is finished and committed
    // even when a shutdown was asked for meanwhile (SIGTERM: finish, commit, then close).
    const control: LoopControl = {
      heartbeat: () => payload.heartbeat(),
      alive: () => payload.isRunning() && !payload.isStale() && !this.stopping,
    };
    // The producer's start and the cycle can each outlast the session (a loaded machine, a slow
    // handler): the member heartbeats while the batch waits for them, as long as the batch is its own.
    const member = {
      heartbeat: () => payload.heartbeat(),
      current: () => payload.isRunning() && !payload.isStale(),
    };
    const heartbeating = <T>(wait: Promise<T>): Promise<T> =>
      heartbeatingWhile(member, this.heartbeatIntervalMs, wait);
    const at = { topic, partition, offset: batch.firstOffset() ?? '?' };
    const ready = this.retrier.untilDone(() => committer.ready(() => control.heartbeat()), at, control);
    if ((await heartbeating(ready)) === undefined) return;
    let index = 0;
    while (index < messages.length) {
      if (!control.alive()) return;
      index = this.skipCommitted(payload, committer, index);
      if (index >= messages.length) return;
      const slice = messages.slice(index, index + this.maxRecords);
      const last = slice[slice.length - 1].offset;
      // The batch's last slice commits through the batch's end: records after its last message are
      // aborted ones and transaction markers, which kafkajs steps over when that message is resolved.
      const isLastSlice = index + slice.length >= messages.length;
      const through = isLastSlice && BigInt(batch.lastOffset()) > BigInt(last) ? batch.lastOffset() : last;
      const outcome = await heartbeating(
        this.submit({
          slice: { topic, partition, first: BigInt(slice[0].offset), through: BigInt(through) },
          records: slice.map((message) => toConsumedRecord(topic, partition, message)),
          control,
          generation: this.ownership.generationOf(topic, partition),
        }),
      );
      if (outcome !== 'handled') return; // Redelivered from the committed offset.
      // The fetch position moves on now, so the next round is fetched and handled while this
      // slice's commit runs; should the commit not take it, the position is moved back (rewind).
      payload.resolveOffset(last);
      // On shutdown, the group is left only once what was handled is committed.
      if (this.stopping) await this.cycles?.committed();
      index += slice.length;
      await payload.heartbeat();
    }
  }

  /**
   * Steps over records below the partition's committed offset: a previous holder committed them (or
   * this instance did, before a rebalance made the consumer fetch an older position), and handling
   * them again would duplicate their output. Returns the index of the first record still to handle.
   */
  private skipCommitted(payload: EachBatchPayload, committer: TransactionalCommitter, from: number): number {
    const { messages, topic, partition } = payload.batch;
    const next = committer.nextOffset(topic, partition);
    let index = from;
    while (index < messages.length && next !== undefined && BigInt(messages[index].offset) < next) index += 1;
    if (index > from) {
      this.log.warn({
        msg: 'skipping records already committed',
        topic,
        partition,
        offsets: `${messages[from].offset}-${messages[index - 1].offset}`,
        committedOffset: next?.toString(),
      });
      payload.resolveOffset(messages[index - 1].offset);
    }
    return index;
  }

  /**
   * kafkajs never hands over a batch of only aborted records and transaction markers (it moves its
   * position past them itself), so nothing would commit past them: the group's committed offset
   * would stay behind them until the next real record, showing lag on a quiet partition and
   * holding up whatever waits for the group to catch up (the monitor's deadline watch). Such a
   * batch is committed here, offsets only, with the next cycle.
   */
  private commitPassedOver(topic: string, partition: number, lastOffset: string): void {
    const last = BigInt(lastOffset);
    const next = this.committer?.nextOffset(topic, partition);
    // Offsets not known yet are read by the commit itself.
    if (this.stopping || !this.ownership.owns(topic, partition) || (next !== undefined && next > last))
      return;
    void this.submit({
      slice: { topic, partition, first: last, through: last },
      records: [],
      control: { heartbeat: () => Promise.resolve(), alive: () => !this.stopping },
      generation: this.ownership.generationOf(topic, partition),
    });
  }

  private submit(submission: Submission): Promise<HandlingOutcome> {
    return (this.cycles as CommitCycles).submit(submission);
  }

  /**
   * Moves a partition's fetch position back to the first slice a commit did not take. Batches read
   * before are stale from now on (kafkajs reports them so), and slices of them still on their way to
   * a commit are left out of it; what was committed meanwhile by another holder is skipped when the
   * records come again (skipCommitted).
   */
  private rewind(topic: string, partition: number, offset: bigint): void {
    this.ownership.rewound(topic, partition);
    this.log.warn({
      msg: 'slice not committed; fetching it again',
      topic,
      partition,
      offset: offset.toString(),
    });
    try {
      this.consumer?.seek({ topic, partition, offset: offset.toString() });
    } catch (error) {
      // The consumer is stopping or lost the partition: the next holder starts from the committed offset.
      this.log.warn({
        msg: 'could not move the fetch position back',
        topic,
        partition,
        error: String(error),
      });
    }
  }
}
