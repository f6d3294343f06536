import { GroupMembership, TopicPartitionList } from './kip447';
import { partitionKey } from './transactional-committer';

/**
 * Which partitions this member of the consumer group holds, as of which generation (KIP-447: what
 * its commits are sent as), and how often each partition's fetch position was moved back (its
 * *rewind count*). A slice carries the rewind count of its partition when it was read: once the
 * partition is rewound, or assigned afresh, the slice is stale and its records come again.
 */
export class PartitionOwnership {
  private assignment: Record<string, number[]> = {};
  /** `topic/partition` of every partition in `assignment`. */
  private readonly owned = new Set<string>();
  private readonly rewinds = new Map<string, number>();
  private current: GroupMembership | undefined;

  /** The consumer's generation and member id from its latest join, once it has joined. */
  get membership(): GroupMembership | undefined {
    return this.current;
  }

  assigned(): TopicPartitionList[] {
    return Object.entries(this.assignment).map(([topic, partitions]) => ({ topic, partitions }));
  }

  owns(topic: string, partition: number): boolean {
    return this.owned.has(partitionKey(topic, partition));
  }

  /** The partition's rewind count: a slice read under another count is stale. */
  generationOf(topic: string, partition: number): number {
    return this.rewinds.get(partitionKey(topic, partition)) ?? 0;
  }

  /** The partition's fetch position was moved back: slices read before are stale. */
  rewound(topic: string, partition: number): void {
    const key = partitionKey(topic, partition);
    this.rewinds.set(key, (this.rewinds.get(key) ?? 0) + 1);
  }

  /**
   * A new generation's assignment. Returns the partitions that left or came (back): another member
   * may have committed them meanwhile. Slices of a partition read before it came are stale, like
   * slices read before a rewind.
   */
  apply(
    assignment: Record<string, number[]>,
    membership: GroupMembership,
  ): { topic: string; partition: number }[] {
    const now = new Set<string>();
    const changed: { topic: string; partition: number }[] = [];
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) {
        const key = partitionKey(topic, partition);
        now.add(key);
        if (!this.owned.has(key)) {
          changed.push({ topic, partition });
          this.rewound(topic, partition);
        }
      }
    }
    for (const key of this.owned) {
      if (now.has(key)) continue;
      const cut = key.lastIndexOf('/');
      changed.push({ topic: key.slice(0, cut), partition: Number(key.slice(cut + 1)) });
    }
    this.assignment = assignment;
    this.current = membership;
    this.owned.clear();
    for (const key of now) this.owned.add(key);
    return changed;
  }
}
