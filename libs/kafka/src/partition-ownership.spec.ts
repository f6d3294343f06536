import { PartitionOwnership } from './partition-ownership';

const member = (generationId: number) => ({ generationId, memberId: `member-${generationId}` });

describe(PartitionOwnership.name, () => {
  it('names the partitions that came or left with a new assignment, and makes slices of the ones that came stale', () => {
    const ownership = new PartitionOwnership();
    expect(ownership.apply({ a: [0, 1] }, member(1))).toEqual([
      { topic: 'a', partition: 0 },
      { topic: 'a', partition: 1 },
    ]);
    const readBefore = ownership.generationOf('a', 1);
    // Partition 1 leaves, partition 2 comes; partition 0 stays.
    expect(ownership.apply({ a: [0, 2] }, member(2))).toEqual([
      { topic: 'a', partition: 2 },
      { topic: 'a', partition: 1 },
    ]);
    expect([ownership.owns('a', 0), ownership.owns('a', 1), ownership.owns('a', 2)]).toEqual([
      true,
      false,
      true,
    ]);
    expect(ownership.membership).toEqual(member(2));
    expect(ownership.assigned()).toEqual([{ topic: 'a', partitions: [0, 2] }]);
    // Partition 1 comes back: what was read of it before it left is stale now.
    ownership.apply({ a: [0, 1, 2] }, member(3));
    expect(ownership.generationOf('a', 1)).not.toBe(readBefore);
  });

  it("makes a partition's earlier slices stale when its fetch position is moved back, and no other's", () => {
    const ownership = new PartitionOwnership();
    ownership.apply({ a: [0, 1] }, member(1));
    const [zero, one] = [ownership.generationOf('a', 0), ownership.generationOf('a', 1)];
    ownership.rewound('a', 0);
    expect(ownership.generationOf('a', 0)).not.toBe(zero);
    expect(ownership.generationOf('a', 1)).toBe(one);
  });
});
