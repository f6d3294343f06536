import { Logger } from '@nestjs/common';

import { ConsumerStatus } from './consumer-status';
import { backoffDelay, RetryPolicy } from './retry-policy';

/** What a wait needs from the loop: a heartbeat for the group, and whether to go on at all. */
export interface LoopControl {
  heartbeat(): Promise<void>;
  /** False once the service is stopping or the records in hand are no longer this instance's. */
  alive(): boolean;
}

/** Where a retry is stuck, for the logs and the readiness detail (never the record's content). */
export interface RetryPosition {
  topic: string;
  partition: number;
  offset: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Backoff in place for the consumer loop: waits between attempts (heartbeating, so the group keeps
 * the instance), reports the loop stalled once one position has been retried for too long, and
 * running again when it recovers.
 */
export class Retrier {
  private readonly log = new Logger('ConsumerRetry');

  constructor(
    private readonly policy: RetryPolicy,
    private readonly status: ConsumerStatus,
  ) {}

  /** Runs a step until it succeeds; undefined when the loop stopped while waiting to retry. */
  async untilDone<T>(
    step: () => Promise<T>,
    at: RetryPosition,
    control: LoopControl,
  ): Promise<T | undefined> {
    const startedAt = Date.now();
    for (let attempt = 1; ; attempt += 1) {
      try {
        const value = await step();
        this.succeeded(attempt);
        return value;
      } catch (error) {
        if (!(await this.wait(attempt, startedAt, error, at, control))) return undefined;
      }
    }
  }

  /** After a success: a loop that was reported stalled is running again. */
  succeeded(attempt: number): void {
    if (attempt > 1 && this.status.state === 'stalled') this.status.set('running', 'recovered');
  }

  /** Waits before the next attempt; false when the loop should give up (stopping). */
  async wait(
    attempt: number,
    startedAt: number,
    error: unknown,
    at: RetryPosition,
    control: LoopControl,
  ): Promise<boolean> {
    const delay = backoffDelay(this.policy, attempt);
    const stuckFor = Date.now() - startedAt;
    const reason = error instanceof Error ? error.message : String(error);
    if (stuckFor >= this.policy.stallAfterMs && this.status.state !== 'stalled') {
      this.status.set(
        'stalled',
        `retrying ${at.topic}/${at.partition}@${at.offset} for ${Math.round(stuckFor / 1000)}s: ${reason}`,
      );
      this.log.error({ msg: 'consumer stalled on a transient failure', ...at, error: reason });
    } else {
      this.log.warn({ msg: 'transient failure; retrying', ...at, attempt, delayMs: delay, error: reason });
    }
    // Sleep in slices so the group sees heartbeats and a shutdown is not held up by a long backoff.
    const until = Date.now() + delay;
    while (Date.now() < until) {
      if (!control.alive()) return false;
      await sleep(Math.min(1_000, until - Date.now()));
      await control.heartbeat().catch(() => undefined);
    }
    return control.alive();
  }
}
