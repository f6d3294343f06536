import type { Admin, ConsumerGroupJoinEvent, Transaction } from 'kafkajs';

/*
 * The parts of KIP-447 the hub adds to kafkajs (patches/kafkajs+2.2.4+005+…), typed: kafkajs's own
 * typings know none of them. See docs/consumer-core.md, "Zombie fencing".
 */

/** A consumer's place in its group: what the group coordinator checks a transactional commit against. */
export interface GroupMembership {
  generationId: number;
  memberId: string;
}

/** The generation and member id of a consumer's latest join (the patched GROUP_JOIN event carries both). */
export function membershipOf(event: ConsumerGroupJoinEvent): GroupMembership {
  const { generationId, memberId } = event.payload as ConsumerGroupJoinEvent['payload'] & {
    generationId?: number;
  };
  if (typeof generationId !== 'number') {
    throw new Error(
      'the installed kafkajs does not report the group generation (patches/kafkajs+2.2.4+005+…)',
    );
  }
  return { generationId, memberId };
}

/**
 * The group coordinator's answers that mean this instance's membership is gone (its session ended,
 * e.g. while the broker was down or restarting, or a rebalance moved the group on): only rejoining
 * the group helps, and kafkajs rejoins when an error like it leaves the batch handler.
 */
const MEMBERSHIP_LOST = new Set([
  'UNKNOWN_MEMBER_ID',
  'ILLEGAL_GENERATION',
  'FENCED_INSTANCE_ID',
  'REBALANCE_IN_PROGRESS',
]);

export function membershipLost(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = (cause as { cause?: unknown }).cause) {
    const { type } = cause as { type?: unknown };
    if (typeof type === 'string' && MEMBERSHIP_LOST.has(type)) return true;
  }
  return false;
}

export interface PartitionOffset {
  partition: number;
  offset: string;
}

export interface TopicPartitionOffsets {
  topic: string;
  partitions: PartitionOffset[];
}

/**
 * Adds consumed offsets to a transaction as a member of the consumer group (TxnOffsetCommit v3):
 * the coordinator refuses them (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID) once a rebalance has moved
 * the group past `membership`, so an instance that lost its partitions cannot commit them.
 */
export async function sendOffsetsAsMember(
  transaction: Transaction,
  groupId: string,
  topics: TopicPartitionOffsets[],
  membership: GroupMembership,
): Promise<void> {
  const sender = transaction as unknown as {
    sendOffsets(offsets: {
      consumerGroupId: string;
      topics: TopicPartitionOffsets[];
      generationId: number;
      memberId: string;
    }): Promise<void>;
  };
  await sender.sendOffsets({ consumerGroupId: groupId, topics, ...membership });
}

export interface TopicPartitionList {
  topic: string;
  partitions: number[];
}

/**
 * The group's committed offsets of the given partitions (-1: none). With `requireStable` the
 * broker answers UNSTABLE_OFFSET_COMMIT (a retriable kafkajs error) while a transaction that commits
 * offsets for one of them is still open, instead of the offset from before it.
 */
export async function fetchCommittedOffsets(
  admin: Admin,
  groupId: string,
  partitions: TopicPartitionList[],
  options: { requireStable: boolean },
): Promise<TopicPartitionOffsets[]> {
  const fetcher = admin as unknown as {
    fetchOffsets(request: {
      groupId: string;
      topics: TopicPartitionList[];
      requireStable: boolean;
    }): Promise<TopicPartitionOffsets[]>;
  };
  if (partitions.length === 0) return [];
  return fetcher.fetchOffsets({ groupId, topics: partitions, requireStable: options.requireStable });
}

/** Whether kafkajs threw it because an open transaction is about to move an offset asked for. */
export function isUnstableOffsetCommit(error: unknown): boolean {
  return (error as { type?: unknown } | null)?.type === 'UNSTABLE_OFFSET_COMMIT';
}

/**
 * The committed offsets once they are stable: retried while a transaction moving one of them is
 * open (it ends within the producer's transaction timeout, or the broker aborts it), every wait
 * doubling from 10 ms up to 500 ms. Throws the last UNSTABLE_OFFSET_COMMIT when `timeoutMs` passes.
 */
export async function fetchStableOffsets(
  admin: Admin,
  groupId: string,
  partitions: TopicPartitionList[],
  { timeoutMs, onWait }: { timeoutMs: number; onWait?: () => Promise<void> },
): Promise<TopicPartitionOffsets[]> {
  const deadline = Date.now() + timeoutMs;
  for (let waitMs = 10; ; waitMs = Math.min(waitMs * 2, 500)) {
    try {
      return await fetchCommittedOffsets(admin, groupId, partitions, { requireStable: true });
    } catch (error) {
      if (!isUnstableOffsetCommit(error) || Date.now() + waitMs > deadline) throw error;
    }
    await onWait?.();
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}
