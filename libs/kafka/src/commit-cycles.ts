import { Logger } from '@nestjs/common';
import { hubMetrics } from '@hub/observability';

import { ChunkRunner } from './chunk-runner';
import { ConsumerStatus } from './consumer-status';
import { membershipLost } from './kip447';
import { PartitionOwnership } from './partition-ownership';
import { ConsumedRecord } from './records';
import { LoopControl, Retrier } from './retrier';
import {
  partitionKey,
  PartitionSlice,
  SliceOutcome,
  TransactionalCommitter,
} from './transactional-committer';

/**
 * What became of a submitted slice by the time its batch may go on: handled, its output on its way
 * to the Kafka commit (`handled`), or not handled and to be fetched again (`abandoned`, `stopped`).
 */
export type HandlingOutcome = 'handled' | 'abandoned' | 'stopped';

/** A partition's records to be handled and committed with the next cycle. */
export interface Submission {
  slice: Omit<PartitionSlice, 'records'>;
  records: ConsumedRecord[];
  control: LoopControl;
  /**
   * The partition's rewind count when the slice was read (PartitionOwnership); a rewind since (or
   * the partition being assigned afresh) makes it stale.
   */
  generation: number;
}

interface Queued extends Submission {
  /** When it was handed over (performance.now()), for the `queued` stage. */
  submittedAt: number;
  settle(outcome: HandlingOutcome): void;
}

export interface CommitCyclesDeps {
  groupId: string;
  /** Most records in one cycle (one transaction). */
  maxRecords: number;
  runner: ChunkRunner;
  retrier: Retrier;
  committer: TransactionalCommitter;
  ownership: PartitionOwnership;
  status: ConsumerStatus;
  stopping(): boolean;
  /** Moves a partition's fetch position back to `offset`, the first record a commit did not take. */
  rewind(topic: string, partition: number, offset: bigint): void;
}

/** Seconds since `start` (performance.now()) into the cycle-stage histogram. */
function observeStage(stage: string, start: number, end = performance.now()): void {
  hubMetrics().cycleStage.observe({ stage }, (end - start) / 1000);
}

/**
 * The consumer's cycles: the slices submitted from a fetch round (one per partition with data) meet
 * in one cycle, are handled together by the chunk runner and committed with one Kafka transaction
 * (records produced + consumed offsets, as a member of the group). A cycle is at most `maxRecords`
 * records; what is submitted while a cycle runs waits for the next, so under load each transaction
 * carries everything that came meanwhile. A cycle's commit runs while the next cycle is handled;
 * a slice the commit does not take is fetched again (docs/consumer-core.md).
 */
export class CommitCycles {
  private readonly log = new Logger(CommitCycles.name);
  private readonly pending: Queued[] = [];
  private cycling: Promise<void> | undefined;
  /** The last cycle's commits, still running while the next cycle is handled. */
  private committing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: CommitCyclesDeps) {}

  /** Resolves once the slice is handled (its commit under way) or will be fetched again. */
  submit(submission: Submission): Promise<HandlingOutcome> {
    return new Promise((resolve) => {
      this.pending.push({ ...submission, submittedAt: performance.now(), settle: resolve });
      this.schedule();
    });
  }

  /** The commits of the last cycle handled: done once what was handled so far is committed (or not). */
  committed(): Promise<void> {
    return this.committing;
  }

  /** Done once no cycle runs and the last one's commits have ended. */
  async idle(): Promise<void> {
    await this.cycling;
    await this.committing;
  }

  /**
   * Starts cycling unless a cycle runs. The first cycle waits one turn of the event loop, so every
   * batch kafkajs hands over at once (a fetch round) is in it.
   */
  private schedule(): void {
    if (this.cycling || this.pending.length === 0) return;
    this.cycling = new Promise<void>((done) => setImmediate(done))
      .then(() => this.runCycles())
      .finally(() => {
        this.cycling = undefined;
        this.schedule();
      });
  }

  /** Cycles until nothing waits; what arrives during a cycle goes into the next. */
  private async runCycles(): Promise<void> {
    while (this.pending.length > 0) {
      const taken = this.takeCycle();
      try {
        await this.cycle(taken);
      } catch (error) {
        // Not expected (every step retries or settles); never leave a batch waiting forever.
        this.log.error({ msg: 'cycle failed; its records will be redelivered', error: String(error) });
        for (const submission of taken) submission.settle('abandoned');
      }
    }
  }

  private takeCycle(): Queued[] {
    const taken: Queued[] = [];
    let records = 0;
    while (this.pending.length > 0) {
      const size = this.pending[0].records.length;
      if (taken.length > 0 && records + size > this.deps.maxRecords) break;
      taken.push(this.pending.shift() as Queued);
      records += size;
    }
    return taken;
  }

  /**
   * Handles a cycle's records, then commits them in one transaction. The commit runs while the next
   * cycle is handled (the batches go on once their records are handled), but it starts only when the
   * previous cycle's commit is done: transactions stay in order, and at most one cycle is handled
   * ahead of what is committed.
   */
  private async cycle(submissions: Queued[]): Promise<void> {
    const control: LoopControl = {
      heartbeat: () => submissions[0].control.heartbeat(),
      alive: () => !this.deps.stopping() && submissions.every((submission) => submission.control.alive()),
    };
    const records = submissions.flatMap((submission) => submission.records);
    const started = performance.now();
    for (const submission of submissions) observeStage('queued', submission.submittedAt, started);
    const outgoing = await this.deps.runner.run(records, control);
    const handled = performance.now();
    observeStage('handle', started, handled);
    if (outgoing === undefined) {
      for (const submission of submissions) submission.settle('stopped');
      return;
    }
    const entries: { submission: Queued; slice: PartitionSlice }[] = [];
    let cursor = 0;
    for (const submission of submissions) {
      const produced = outgoing.slice(cursor, cursor + submission.records.length).flat();
      cursor += submission.records.length;
      entries.push({ submission, slice: { ...submission.slice, records: produced } });
    }
    await this.committing;
    const committing = performance.now();
    observeStage('wait_for_commit', handled, committing);
    this.committing = this.commitEntries(entries, control).then(() => observeStage('commit', committing));
    for (const submission of submissions) submission.settle('handled');
  }

  /**
   * Commits a cycle. Slices read before their partition was rewound (or assigned afresh) are stale
   * (the records come again) and are left out; slices the commit does not take are redelivered by
   * moving the partition's fetch position back to them.
   */
  private async commitEntries(
    entries: readonly { submission: Queued; slice: PartitionSlice }[],
    control: LoopControl,
  ): Promise<void> {
    const { ownership } = this.deps;
    const current = entries.filter(
      ({ submission: { slice, generation } }) =>
        generation === ownership.generationOf(slice.topic, slice.partition),
    );
    if (current.length === 0) return;
    const consumed = current.reduce((sum, { submission }) => sum + submission.records.length, 0);
    let outcomes: SliceOutcome[] | undefined;
    try {
      outcomes = await this.commit(
        current.map(({ slice }) => slice),
        consumed,
        control,
      );
    } catch (error) {
      // Not expected (commit settles every failure); the slices are fetched again.
      this.log.error({
        msg: 'commit failed unexpectedly',
        transactionalId: this.deps.committer.transactionalId,
        error: String(error),
      });
    }
    // What was not committed is fetched again by the next holder: on shutdown, or when a rebalance
    // gave the partition to another instance.
    if (this.deps.stopping()) return;
    const rewindTo = new Map<string, { topic: string; partition: number; offset: bigint }>();
    current.forEach(({ slice }, index) => {
      if (outcomes?.[index] === 'committed' || !ownership.owns(slice.topic, slice.partition)) return;
      const key = partitionKey(slice.topic, slice.partition);
      const earliest = rewindTo.get(key);
      if (!earliest || slice.first < earliest.offset) {
        rewindTo.set(key, { topic: slice.topic, partition: slice.partition, offset: slice.first });
      }
    });
    for (const { topic, partition, offset } of rewindTo.values()) this.deps.rewind(topic, partition, offset);
  }

  /**
   * Commits a cycle's slices. A failed attempt is never simply repeated: the commit may have gone
   * through before the error (a lost response), or a rebalance may have moved the group on (the
   * coordinator refuses a commit from an old generation). So the producer is started afresh, the
   * committed offsets are read again, and they decide, slice by slice; slices of partitions this
   * instance no longer holds are left for their new holder.
   */
  private async commit(
    slices: PartitionSlice[],
    consumed: number,
    control: LoopControl,
  ): Promise<SliceOutcome[] | undefined> {
    const { committer, ownership, retrier } = this.deps;
    const startedAt = Date.now();
    for (let attempt = 1; ; attempt += 1) {
      const membership = ownership.membership;
      const held = slices.filter((slice) => ownership.owns(slice.topic, slice.partition));
      if (held.length === 0 || membership === undefined) return slices.map(() => 'abandoned');
      try {
        const heldOutcomes = await committer.commit(held, membership);
        retrier.succeeded(attempt);
        this.deps.status.lastCommitAt = Date.now();
        hubMetrics().transactionRecords.observe(consumed);
        const outcomeOf = new Map(held.map((slice, index) => [slice, heldOutcomes[index]]));
        return slices.map((slice) => outcomeOf.get(slice) ?? 'abandoned');
      } catch (error) {
        // A broken producer cannot be reused, and what it managed is unknown.
        await committer.drop();
        // Refused as a member the group no longer has, and no newer membership to commit as: retrying
        // in place would be refused the same way for as long as it retried (after a broker restart
        // the coordinator has forgotten the member; it took the router 2.5 minutes to get out). The
        // slices go back for redelivery and the batch ends, so kafkajs rejoins the group (its next
        // heartbeat fails the same way) and the new assignment's committed offsets decide.
        if (membershipLost(error) && ownership.membership === membership) {
          this.log.warn({
            msg: 'commit refused: this instance is no longer a member of the group; rejoining',
            groupId: this.deps.groupId,
            generation: membership.generationId,
            error: (error as Error).message,
          });
          return slices.map(() => 'abandoned');
        }
        const last = slices[slices.length - 1];
        const at = { topic: last.topic, partition: last.partition, offset: last.through.toString() };
        if (!(await retrier.wait(attempt, startedAt, error, at, control))) return undefined;
      }
    }
  }
}
