import { assignTransactionGroups, transactionGroupOf } from './transaction-groups';

const topics = [
  { topic: 'hub.inbound.beskedmodul.akasse-3f.v1', partitions: [0, 1, 2] },
  { topic: 'hub.inbound.vitas.jobcenter-615.v1', partitions: [0, 1, 2] },
  { topic: 'hub.inbound.jobag.akasse-hk.v1', partitions: [0, 1, 2] },
  { topic: 'hub.internal.events.v1', partitions: [0, 1, 2, 3, 4, 5] },
];

/** member → the transaction groups of the partitions it was given */
function groupsByMember(
  assignment: Map<string, Record<string, number[]>>,
  groups: number,
): Map<string, Set<number>> {
  return new Map(
    [...assignment].map(([member, byTopic]) => [
      member,
      new Set(
        Object.entries(byTopic).flatMap(([topic, partitions]) =>
          partitions.map((partition) => transactionGroupOf(topic, partition, groups)),
        ),
      ),
    ]),
  );
}

describe('assignTransactionGroups', () => {
  it('gives every partition to exactly one member', () => {
    const assignment = assignTransactionGroups(['b', 'a', 'c'], topics, 4);
    const given = [...assignment.values()].flatMap((byTopic) =>
      Object.entries(byTopic).flatMap(([topic, partitions]) => partitions.map((p) => `${topic}/${p}`)),
    );
    const all = topics.flatMap(({ topic, partitions }) => partitions.map((p) => `${topic}/${p}`));
    expect(given.sort()).toEqual(all.sort());
  });

  it('never splits a transaction group between two members', () => {
    const byMember = groupsByMember(assignTransactionGroups(['m1', 'm2'], topics, 4), 4);
    const [first, second] = [...byMember.values()];
    expect([...first].filter((group) => second.has(group))).toEqual([]);
    expect(first.size + second.size).toBe(4);
  });

  it('is the same whatever order the members are listed in', () => {
    expect(assignTransactionGroups(['x', 'y', 'z'], topics, 4)).toEqual(
      assignTransactionGroups(['z', 'x', 'y'], topics, 4),
    );
  });

  it('gives a lone member everything, and leaves members beyond the group count idle', () => {
    const alone = assignTransactionGroups(['only'], topics, 4);
    expect(Object.values(alone.get('only') ?? {}).flat()).toHaveLength(15);
    const crowd = groupsByMember(assignTransactionGroups(['a', 'b', 'c', 'd', 'e', 'f'], topics, 4), 4);
    expect([...crowd.values()].filter((groups) => groups.size === 0)).toHaveLength(2);
  });
});

describe('transactionGroupOf', () => {
  it('spreads the partitions of one topic over consecutive groups', () => {
    const groups = [0, 1, 2].map((partition) => transactionGroupOf('hub.internal.events.v1', partition, 4));
    expect(new Set(groups).size).toBe(3);
  });
});
