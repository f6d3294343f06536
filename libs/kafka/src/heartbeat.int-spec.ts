import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import {
  type Admin,
  AssignerProtocol,
  type Consumer,
  type Kafka,
  type Producer,
  type ProducerConfig,
} from 'kafkajs';

import { eventually } from '../../../test/support/eventually';
import { stackKafka } from '../../../test/support/local-stack';
import { KafkaBatchServer } from './batch-consumer.server';
import { ChunkHandlerFn } from './chunk-handler';
import { ConsumerStatus } from './consumer-status';
import { createKafkaClient } from './kafka-client';
import { GroupMembership, membershipOf } from './kip447';
import { ensureTopics } from './topic-admin';

/** The broker's least session timeout (group.min.session.timeout.ms): a silent member is out after it. */
const SESSION_TIMEOUT_MS = 6_000;
/** How long the slow step takes: two and a half sessions, so a member silent through it is surely dropped. */
const SLOW_STEP_MS = 15_000;

/** One instance of a copying service, with what the test watches of it. */
interface Instance {
  server: KafkaBatchServer;
  clientId: string;
  /** The group generations it joined after it started: each one is a rebalance. */
  rejoins: GroupMembership[];
  /** The `n` of every record its handler was given, in order. */
  handled: number[];
}

/**
 * A client whose transactional producers are slow to start, as the monitor's was on a machine with a
 * load average of 40-60 (8-11 s to initialise again, faults/README.md). The producer is the real one,
 * talking to the real broker; only its start waits first.
 */
function withSlowTransactionalStart(kafka: Kafka, slowStarts: { count: number }): Kafka {
  const slow = Object.create(kafka) as Kafka;
  slow.producer = (config?: ProducerConfig): Producer => {
    const producer = kafka.producer(config);
    if (config?.transactionalId === undefined) return producer;
    return {
      ...producer,
      connect: async () => {
        slowStarts.count += 1;
        await delay(SLOW_STEP_MS);
        await producer.connect();
      },
    };
  };
  return slow;
}

/**
 * A member of a consumer group, on its own Kafka client as a process of its own would be, whose
 * session cannot outlast a slow step unless it heartbeats through it: kafkajs itself sends no
 * heartbeat while a batch handler is busy.
 */
describe(`${KafkaBatchServer.name} through a wait longer than its session`, () => {
  const brokers = stackKafka();
  const kafka = createKafkaClient({ clientId: 'it-heartbeat', ...brokers });
  const run = randomUUID().slice(0, 8);
  const instances: Instance[] = [];
  let admin: Admin;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await Promise.all(instances.map(({ server }) => server.close()));
    await admin.disconnect();
  });

  async function startInstance(
    groupId: string,
    input: string,
    output: string,
    { slowFirstCycle = false, slowStarts }: { slowFirstCycle?: boolean; slowStarts?: { count: number } },
  ): Promise<Instance> {
    const clientId = `${groupId}-${instances.length + 1}`;
    const client = createKafkaClient({ clientId, ...brokers });
    const handled: number[] = [];
    let slowCycles = slowFirstCycle ? 1 : 0;
    const copy: ChunkHandlerFn = async (entries) => {
      handled.push(...entries.map((entry) => (entry.data as { n: number }).n));
      if (slowCycles > 0) {
        slowCycles -= 1;
        await delay(SLOW_STEP_MS);
      }
      return entries.map((entry) => ({
        outcome: 'copied',
        records: [{ topic: output, key: 'k', value: Buffer.from(String((entry.data as { n: number }).n)) }],
      }));
    };
    const server = new KafkaBatchServer({
      kafka: slowStarts ? withSlowTransactionalStart(client, slowStarts) : client,
      groupId,
      topics: [input],
      transactionalIdPrefix: groupId,
      status: new ConsumerStatus(),
      requiredPatterns: ['test.Message'],
      handlers: new Map([['test.Message', copy]]),
      decode: (record) => ({ pattern: 'test.Message', data: JSON.parse(record.value?.toString() ?? '') }),
      onPoison: () => [],
      retry: { initialMs: 50, maxMs: 200, stallAfterMs: 60_000 },
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
    });
    const instance: Instance = { server, clientId, rejoins: [], handled };
    instances.push(instance);
    await new Promise<void>((resolve, reject) =>
      server.listen((error) =>
        error ? reject(new Error('the consumer did not start', { cause: error })) : resolve(),
      ),
    );
    // listen() returns once the first join is done: every join seen from here on is a rebalance.
    const consumer = server.unwrap<Consumer>();
    consumer.on(consumer.events.GROUP_JOIN, (event) => instance.rejoins.push(membershipOf(event)));
    return instance;
  }

  /** The group's members and the partitions of `input` each holds, once the group is stable. */
  async function stableGroup(groupId: string, input: string): Promise<Map<string, number[]> | undefined> {
    const {
      groups: [group],
    } = await admin.describeGroups([groupId]);
    if (group?.state !== 'Stable') return undefined;
    return new Map(
      group.members.map((member) => [
        member.clientId,
        AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment[input] ?? [],
      ]),
    );
  }

  /**
   * Two members share the two partitions of a new input topic; three records go to the first
   * member's partition. Returns the members and that partition once the records are committed.
   */
  async function copyThroughSlowStep(
    name: string,
    slowness: { slowFirstCycle?: boolean; slowStarts?: { count: number } },
  ): Promise<{ first: Instance; second: Instance; groupId: string }> {
    const groupId = `it-heartbeat-${name}-${run}`;
    const input = `it.heartbeat.${name}.${run}.in`;
    const output = `it.heartbeat.${name}.${run}.out`;
    await ensureTopics(kafka, [
      { name: input, partitions: 2, configs: {} },
      { name: output, partitions: 1, configs: {} },
    ]);
    const first = await startInstance(groupId, input, output, slowness);
    const second = await startInstance(groupId, input, output, {});
    // The second member's join made the first one rejoin: once the group is stable, both are in
    // that generation, and any join from now on is a rebalance.
    const partition = await eventually(
      'both members to hold a partition each in a stable group',
      async () => {
        const members = await stableGroup(groupId, input);
        const [held] = members?.get(first.clientId) ?? [];
        return members?.size === 2 && first.rejoins.length > 0 && held !== undefined ? held : undefined;
      },
    );
    const generations = first.rejoins.map((join) => join.generationId);
    const secondJoins = second.rejoins.length;

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: input,
      messages: [0, 1, 2].map((n) => ({ partition, key: 'k', value: JSON.stringify({ n }) })),
    });
    await producer.disconnect();
    await eventually(
      `the records on ${input}/${partition} to be committed`,
      async () => {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [input] });
        return offsets.partitions.find((entry) => entry.partition === partition)?.offset === '3'
          ? true
          : undefined;
      },
      { timeoutMs: SLOW_STEP_MS + 45_000 },
    );

    // No rebalance: neither member joined again, and the group is the same two members.
    expect(first.rejoins.map((join) => join.generationId)).toEqual(generations);
    expect(second.rejoins.slice(secondJoins)).toEqual([]);
    const members = await stableGroup(groupId, input);
    expect(members?.get(first.clientId)).toEqual([partition]);
    expect(members?.size).toBe(2);
    // Handled by the first member once, never by the second, and produced once.
    expect(first.handled).toEqual([0, 1, 2]);
    expect(second.handled).toEqual([]);
    expect(await readCommitted(output, 3)).toEqual(['0', '1', '2']);
    return { first, second, groupId };
  }

  /** The values on `topic` a read-committed consumer sees, once there are `expected` of them. */
  async function readCommitted(topic: string, expected: number): Promise<string[]> {
    const consumer = kafka.consumer({
      groupId: `it-heartbeat-reader-${randomUUID()}`,
      readUncommitted: false,
    });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        seen.push(message.value?.toString() ?? '');
        return Promise.resolve();
      },
    });
    try {
      await eventually(`${expected} records on ${topic}`, async () =>
        seen.length >= expected ? true : undefined,
      );
      return [...seen];
    } finally {
      await consumer.disconnect();
    }
  }

  it('keeps its partitions while a cycle is handled for longer than the session', async () => {
    await copyThroughSlowStep('handler', { slowFirstCycle: true });
  }, 120_000);

  it('keeps its partitions while its transactional producer is slow to start', async () => {
    const slowStarts = { count: 0 };
    await copyThroughSlowStep('producer', { slowStarts });
    // The first batch waited for the slow start (the producer starts with the first batch).
    expect(slowStarts.count).toBe(1);
  }, 120_000);
});
