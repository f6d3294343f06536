import { AssignerProtocol, PartitionAssigner } from 'kafkajs';

/**
 * Input partitions are split into a fixed number of transaction groups, and each group has one
 * transactional id. That is how the hub gets zombie fencing from kafkajs, whose TxnOffsetCommit knows
 * no consumer-group generations (no KIP-447): a group is only ever processed by the instance holding
 * its transactional id, and an instance taking a group over fences whoever held it before. The same
 * design as Kafka Streams' first exactly-once mode (one producer per task). See docs/consumer-core.md.
 *
 * The mapping depends on the topic, the partition and the group count only, never on the members, so
 * every instance agrees on it. Changing the count changes the transactional ids: stop every instance
 * of the service first (the assigner's protocol name carries the count, so instances with different
 * counts refuse to share a consumer group rather than commit the same partitions under two ids).
 */
export function transactionGroupOf(topic: string, partition: number, groups: number): number {
  return (fnv1a(topic) + partition) % groups;
}

/** The transactional id of one group of a service. */
export function transactionalIdOf(prefix: string, group: number, groups: number): string {
  return `${prefix}.group-${group}-of-${groups}`;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export interface TopicPartitions {
  topic: string;
  partitions: readonly number[];
}

/**
 * Hands every transaction group whole to one member: groups in order to members sorted by id, round
 * robin. A member gets every partition of its groups, so no partition of a group is ever processed
 * by an instance that does not hold the group's transactional id.
 */
export function assignTransactionGroups(
  memberIds: readonly string[],
  topics: readonly TopicPartitions[],
  groups: number,
): Map<string, Record<string, number[]>> {
  const members = [...memberIds].sort();
  const assignment = new Map<string, Record<string, number[]>>(members.map((id) => [id, {}]));
  if (members.length === 0) return assignment;
  for (const { topic, partitions } of topics) {
    for (const partition of partitions) {
      const member = members[transactionGroupOf(topic, partition, groups) % members.length];
      const byTopic = assignment.get(member) as Record<string, number[]>;
      (byTopic[topic] ??= []).push(partition);
    }
  }
  return assignment;
}

/** The kafkajs partition assigner that applies `assignTransactionGroups`. */
export function transactionGroupAssigner(groups: number): PartitionAssigner {
  const name = `HubTransactionGroups-${groups}`;
  const version = 1;
  return ({ cluster }) => ({
    name,
    version,
    assign({ members, topics }) {
      const partitions = topics.map((topic) => ({
        topic,
        partitions: cluster.findTopicPartitionMetadata(topic).map((metadata) => metadata.partitionId),
      }));
      const assignment = assignTransactionGroups(
        members.map((member) => member.memberId),
        partitions,
        groups,
      );
      return Promise.resolve(
        [...assignment].map(([memberId, byTopic]) => ({
          memberId,
          memberAssignment: AssignerProtocol.MemberAssignment.encode({
            version,
            assignment: byTopic,
            userData: Buffer.alloc(0),
          }),
        })),
      );
    },
    protocol({ topics }) {
      return {
        name,
        metadata: AssignerProtocol.MemberMetadata.encode({ version, topics, userData: Buffer.alloc(0) }),
      };
    },
  });
}
