import { Logger } from '@nestjs/common';

import { membershipLost } from './kip447';

/** What a heartbeat pump needs of the batch that waits: the group's heartbeat, and whether to beat. */
export interface GroupMember {
  /** kafkajs's `payload.heartbeat()`: sends one only if a heartbeat interval has passed since the last. */
  heartbeat(): Promise<void>;
  /**
   * Whether the batch is still this member's to keep alive: false once the consumer stops or the
   * batch went stale (its partition was rewound or assigned afresh). Neither comes back.
   */
  current(): boolean;
}

const log = new Logger('HeartbeatPump');

/**
 * Waits for `wait` while keeping the member's session with the group coordinator alive.
 *
 * kafkajs heartbeats only when its loop asks it to: between fetches, after a batch, or when the batch
 * handler calls `heartbeat()`. A batch here waits for its whole cycle (the producer starting, every
 * partition's records handled, the previous cycle's commit), and a wait longer than the session
 * timeout cost the member its partitions: a monitor whose producer took 8-11 s to start again
 * after PostgreSQL came back lost them four times in a row (faults/README.md).
 *
 * The pump asks for a heartbeat every third of `heartbeatIntervalMs`: kafkajs sends one only once a
 * whole interval has passed since its last (which it times from the answer), so asking at the
 * interval itself would skip every other turn and leave two intervals between heartbeats. Every
 * batch of a round may pump at once; kafkajs shares one heartbeat between them.
 *
 * A heartbeat refused because the membership is gone (a rebalance, an expired session) stops the
 * pump: only a rejoin helps, and kafkajs rejoins once the batch is over, when its own next heartbeat
 * meets the same answer (the commit, sent as the old membership, is refused and its slices
 * redelivered as before). Any other failure (a connection lost) is tried again at the next turn.
 */
export async function heartbeatingWhile<T>(
  member: GroupMember,
  heartbeatIntervalMs: number,
  wait: Promise<T>,
): Promise<T> {
  const turnMs = Math.max(1, Math.floor(heartbeatIntervalMs / 3));
  let waiting = true;
  let timer: NodeJS.Timeout | undefined;
  const next = (): void => {
    if (waiting) timer = setTimeout(beat, turnMs).unref();
  };
  const beat = (): void => {
    timer = undefined;
    if (!waiting || !member.current()) return;
    Promise.resolve()
      .then(() => member.heartbeat())
      .then(next, (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        if (membershipLost(error)) {
          log.debug({ msg: 'heartbeat refused; the member rejoins once its batch is over', error: reason });
          return;
        }
        log.debug({ msg: 'heartbeat failed; trying again', error: reason });
        next();
      });
  };
  next();
  try {
    return await wait;
  } finally {
    waiting = false;
    if (timer) clearTimeout(timer);
  }
}
