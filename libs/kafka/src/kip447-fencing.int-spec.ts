import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';

import { eventually } from '../../../test/support/eventually';
import { stackKafka } from '../../../test/support/local-stack';
import { createKafkaClient } from './kafka-client';
import {
  fetchCommittedOffsets,
  fetchStableOffsets,
  GroupMembership,
  membershipOf,
  sendOffsetsAsMember,
} from './kip447';
import { ensureTopics } from './topic-admin';

/**
 * KIP-447 on the real broker, through the patched kafkajs (patches/kafkajs+2.2.4+005+…): the group
 * coordinator fences a transactional commit by the consumer group's generation, and a stable offset
 * fetch waits for a transaction that is about to move an offset. These two are what let one
 * transactional producer per instance commit any partition safely (docs/consumer-core.md).
 */
describe('KIP-447 fencing by consumer group generation', () => {
  const connection = stackKafka();
  const clients: Kafka[] = [];
  const kafka = (): Kafka => {
    const client = createKafkaClient({ clientId: `it-kip447-${clients.length}`, ...connection });
    clients.push(client);
    return client;
  };
  const topic = `it.kip447.${randomUUID().slice(0, 8)}`;
  const started: { disconnect(): Promise<void> }[] = [];
  let admin: Admin;

  beforeAll(async () => {
    admin = kafka().admin();
    await admin.connect();
    started.push(admin);
    await ensureTopics(clients[0], [{ name: topic, partitions: 2, configs: {} }]);
    // Records for the committed offsets to point at (an offset past the end would be reset).
    const producer = clients[0].producer();
    await producer.connect();
    const messages = Array.from({ length: 10 }, (_, index) => ({ value: `record ${index}` }));
    await producer.send({ topic, messages: messages.map((message) => ({ ...message, partition: 0 })) });
    await producer.send({ topic, messages: messages.map((message) => ({ ...message, partition: 1 })) });
    await producer.disconnect();
  });

  afterAll(async () => {
    for (const client of started.reverse()) await client.disconnect().catch(() => undefined);
  });

  async function transactionalProducer(): Promise<Producer> {
    const producer = kafka().producer({
      transactionalId: `${topic}.${randomUUID().slice(0, 8)}`,
      idempotent: true,
      maxInFlightRequests: 1,
      // A transaction begun right after an aborted one meets CONCURRENT_TRANSACTIONS until the
      // abort's markers are written; retried as the hub's transactional producers do.
      retry: { initialRetryTime: 10, maxRetryTime: 5_000, retries: 14 },
    });
    await producer.connect();
    started.push(producer);
    return producer;
  }

  /** A consumer in the group whose latest membership is kept up to date. */
  async function member(
    groupId: string,
  ): Promise<{ consumer: Consumer; latest: () => GroupMembership | undefined }> {
    const consumer = kafka().consumer({ groupId, sessionTimeout: 6_000, heartbeatInterval: 500 });
    let latest: GroupMembership | undefined;
    consumer.on(consumer.events.GROUP_JOIN, (event) => (latest = membershipOf(event)));
    await consumer.connect();
    started.push(consumer);
    await consumer.subscribe({ topic, fromBeginning: true });
    // Only the commits under test move the group's offsets.
    await consumer.run({ autoCommit: false, eachBatch: () => Promise.resolve() });
    return { consumer, latest: () => latest };
  }

  async function committedOffset(groupId: string, partition: number): Promise<string | undefined> {
    // A transaction's end is acknowledged before its markers are written: until then the offset is unstable.
    const [offsets] = await fetchStableOffsets(admin, groupId, [{ topic, partitions: [partition] }], {
      timeoutMs: 10_000,
    });
    return offsets?.partitions.find((entry) => entry.partition === partition)?.offset;
  }

  async function commitAs(
    producer: Producer,
    groupId: string,
    offset: number,
    membership: GroupMembership,
  ): Promise<void> {
    const transaction = await producer.transaction();
    try {
      await sendOffsetsAsMember(
        transaction,
        groupId,
        [{ topic, partitions: [{ partition: 0, offset: String(offset) }] }],
        membership,
      );
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  }

  it('refuses the commit of a member a rebalance has left behind, and takes the current one', async () => {
    const groupId = `${topic}.fencing`;
    const first = await member(groupId);
    const joined = await eventually('the first member joined', () => Promise.resolve(first.latest()));
    const producer = await transactionalProducer();

    await commitAs(producer, groupId, 5, joined);
    expect(await committedOffset(groupId, 0)).toBe('5');

    // A second member joins: the group moves to a new generation and the first member rejoins it.
    const second = await member(groupId);
    const rejoined = await eventually('both members joined a new generation', () => {
      const now = first.latest();
      return Promise.resolve(
        now && now.generationId > joined.generationId && second.latest() ? now : undefined,
      );
    });

    await expect(commitAs(producer, groupId, 6, joined)).rejects.toMatchObject({
      type: 'ILLEGAL_GENERATION',
    });
    await expect(
      commitAs(producer, groupId, 6, {
        generationId: rejoined.generationId,
        memberId: `${joined.memberId}-zombie`,
      }),
    ).rejects.toMatchObject({ type: 'UNKNOWN_MEMBER_ID' });
    expect(await committedOffset(groupId, 0)).toBe('5');

    await commitAs(producer, groupId, 7, rejoined);
    expect(await committedOffset(groupId, 0)).toBe('7');
    // Without topics, kafkajs asks for every topic the group has offsets for (how the monitor
    // measures lag), in OffsetFetch v7 as in the versions before it.
    const everything = await admin.fetchOffsets({ groupId });
    expect(everything.map((entry) => entry.topic)).toEqual([topic]);
  });

  it('answers a stable fetch only once the transaction moving the offset has ended', async () => {
    const groupId = `${topic}.stable`;
    const producer = await transactionalProducer();
    const transaction = await producer.transaction();
    // No member yet: a commit without a generation is taken (how a group's offsets are seeded).
    await sendOffsetsAsMember(
      transaction,
      groupId,
      [{ topic, partitions: [{ partition: 1, offset: '3' }] }],
      { generationId: -1, memberId: '' },
    );

    await expect(
      fetchCommittedOffsets(admin, groupId, [{ topic, partitions: [1] }], { requireStable: true }),
    ).rejects.toMatchObject({ type: 'UNSTABLE_OFFSET_COMMIT' });
    // Without require_stable the broker answers with the offset from before the transaction.
    const [unstable] = await fetchCommittedOffsets(admin, groupId, [{ topic, partitions: [1] }], {
      requireStable: false,
    });
    expect(unstable.partitions).toEqual([expect.objectContaining({ partition: 1, offset: '-1' })]);
    // Only the partition asked for is answered.
    expect(unstable.partitions).toHaveLength(1);

    await transaction.commit();
    expect(await committedOffset(groupId, 1)).toBe('3');
  });
});
