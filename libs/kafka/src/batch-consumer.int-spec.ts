import { randomUUID } from 'node:crypto';

import type { Kafka } from 'kafkajs';

import { PermanentError, TransientError } from '@hub/common';
import { hubMetrics } from '@hub/observability';

import { stackKafka } from '../../../test/support/local-stack';
import { eventually } from '../../../test/support/eventually';
import { BatchConsumerOptions, KafkaBatchServer } from './batch-consumer.server';
import { ConsumerStatus } from './consumer-status';
import { createKafkaClient } from './kafka-client';
import { ChunkHandlerFn, eachEntry } from './chunk-handler';
import type { HandlerResult } from './records';
import { ensureTopics } from './topic-admin';

interface TestMessage {
  n: number;
  flaky?: boolean;
}

async function readAll(
  kafka: Kafka,
  topic: string,
  expected: number,
): Promise<{ key: string; value: string }[]> {
  const consumer = kafka.consumer({ groupId: `it-reader-${randomUUID()}`, readUncommitted: false });
  const seen: { key: string; value: string }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      seen.push({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' });
      return Promise.resolve();
    },
  });
  try {
    await eventually(
      `${expected} records on ${topic}`,
      async () => (seen.length >= expected ? true : undefined),
      { timeoutMs: 20_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // Anything beyond the expected would show up now.
    return [...seen];
  } finally {
    await consumer.disconnect();
  }
}

/** The test kind's handler, written per record as the adapters' are. */
function perRecord(handle: (message: TestMessage) => Promise<HandlerResult>): Map<string, ChunkHandlerFn> {
  return new Map<string, ChunkHandlerFn>([
    ['test.Message', (entries) => eachEntry(entries, (entry) => handle(entry.data as TestMessage))],
  ]);
}

/** Starts a server's consumer loop; rejects if it cannot start. */
function startListening(server: KafkaBatchServer): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    server.listen((error) =>
      error ? reject(new Error('the consumer did not start', { cause: error })) : resolve(),
    ),
  );
}

/**
 * A test service reading JSON test messages from `input`: `handle` says what to produce for each.
 * Its consumer group and transactional-id prefix are `groupId`; `options` adds what a case varies.
 */
function copyingServer(
  kafka: Kafka,
  groupId: string,
  input: string,
  handle: (message: TestMessage) => Promise<HandlerResult>,
  options: Partial<
    Pick<BatchConsumerOptions, 'status' | 'retry' | 'maxRecordsPerTransaction' | 'sessionTimeoutMs'>
  > = {},
): KafkaBatchServer {
  return new KafkaBatchServer({
    kafka,
    groupId,
    topics: [input],
    transactionalIdPrefix: groupId,
    status: new ConsumerStatus(),
    requiredPatterns: ['test.Message'],
    handlers: perRecord(handle),
    decode: (record) => ({
      pattern: 'test.Message',
      data: JSON.parse(record.value?.toString() ?? '') as TestMessage,
    }),
    onPoison: () => [],
    ...options,
  });
}

describe(KafkaBatchServer.name, () => {
  const kafka = createKafkaClient({
    clientId: 'it-batch-consumer',
    ...stackKafka(),
  });
  const run = randomUUID().slice(0, 8);
  const input = `it.batch.${run}.in`;
  const output = `it.batch.${run}.out`;
  const poison = `it.batch.${run}.poison`;
  let server: KafkaBatchServer;
  const status = new ConsumerStatus();
  let flakyCalls = 0;

  beforeAll(async () => {
    await ensureTopics(
      kafka,
      [input, output, poison].map((name) => ({ name, partitions: 1, configs: {} })),
    );
    server = new KafkaBatchServer({
      kafka,
      groupId: `it-batch-${run}`,
      topics: [input],
      transactionalIdPrefix: `it-batch-${run}`,
      status,
      requiredPatterns: ['test.Message'],
      retry: { initialMs: 50, maxMs: 200, stallAfterMs: 60_000 },
      maxRecordsPerTransaction: 7,
      handlers: perRecord(async (message) => {
        if (message.flaky && (flakyCalls += 1) <= 2) throw new TransientError('not yet');
        if (message.n === 13) throw new Error('thirteen is a bug in the handler');
        return {
          outcome: 'copied',
          records: [{ topic: output, key: `k${message.n % 3}`, value: Buffer.from(String(message.n)) }],
        };
      }),
      decode: (record) => {
        const text = record.value?.toString() ?? '';
        if (!text.startsWith('{')) throw new PermanentError('INVALID_BODY', `not JSON: ${text}`);
        return { pattern: 'test.Message', data: JSON.parse(text) as TestMessage };
      },
      onPoison: (record, error) => [
        {
          topic: poison,
          key: record.key,
          value: Buffer.from(`${(error as Error).message}|${record.offset}`),
        },
      ],
    });
    await startListening(server);

    const producer = kafka.producer();
    await producer.connect();
    const values = Array.from({ length: 30 }, (_, n) =>
      n === 5 ? 'garbage' : JSON.stringify({ n, flaky: n === 2 }),
    );
    await producer.send({ topic: input, messages: values.map((value, n) => ({ key: `k${n % 3}`, value })) });
    await producer.disconnect();
  }, 60_000);

  afterAll(async () => {
    await server.close();
  });

  it('copies every good record exactly once, in order per key, with a transient failure retried in place', async () => {
    const copied = await readAll(kafka, output, 28);
    expect(copied.map((record) => Number(record.value)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, n) => n).filter((n) => n !== 5 && n !== 13),
    );
    for (const key of ['k0', 'k1', 'k2']) {
      const ofKey = copied.filter((record) => record.key === key).map((record) => Number(record.value));
      expect(ofKey).toEqual([...ofKey].sort((a, b) => a - b));
    }
    expect(flakyCalls).toBe(3);
  });

  it('sends undecodable records and handler bugs to the poison path with the reason, and keeps going', async () => {
    const poisoned = await readAll(kafka, poison, 2);
    expect(poisoned.map((record) => record.value).sort()).toEqual([
      'not JSON: garbage|5',
      'thirteen is a bug in the handler|13',
    ]);
    expect(status.outcomes.get('test.Message|copied')).toBe(28);
    expect(status.state).toBe('running');
  });

  it("accounts for its cycles' time per stage on /metrics", async () => {
    const stages = ['fetch', 'queued', 'handle', 'wait_for_commit', 'commit'];
    const observed = async (): Promise<string[]> => {
      const { values } = await hubMetrics().cycleStage.get();
      return stages.filter((stage) =>
        values.some(
          (v) =>
            v.metricName === 'hub_consumer_cycle_stage_seconds_count' &&
            v.labels.stage === stage &&
            v.value > 0,
        ),
      );
    };
    // The last commit's time is observed once its transaction has ended, just after its output shows.
    await eventually('every stage observed', async () =>
      (await observed()).length === stages.length ? true : undefined,
    ).catch(() => undefined);
    expect(await observed()).toEqual(stages);
  });
});

describe(`${KafkaBatchServer.name} when an instance stalls and its partition moves on`, () => {
  const brokers = stackKafka();
  const kafka = createKafkaClient({ clientId: 'it-batch-zombie', ...brokers });
  const run = randomUUID().slice(0, 8);
  const input = `it.zombie.${run}.in`;
  const output = `it.zombie.${run}.out`;
  const servers: KafkaBatchServer[] = [];

  /**
   * One instance of a copying service; `pause`, when given, holds its first handler call. Each
   * instance has a Kafka client of its own, as a process of its own would: kafkajs keeps a consumer
   * group's committed offsets per client, so two members of one group on one client clear each
   * other's at every rebalance (and the consumer crashes reading them).
   */
  async function startInstance(pause?: { held: () => void; release: Promise<void> }): Promise<void> {
    let first = true;
    const server = copyingServer(
      createKafkaClient({ clientId: `it-batch-zombie-${servers.length + 1}`, ...brokers }),
      `it-zombie-${run}`,
      input,
      async (message) => {
        if (pause && first) {
          first = false;
          pause.held();
          await pause.release;
        }
        return {
          outcome: 'copied',
          records: [{ topic: output, key: 'k', value: Buffer.from(String(message.n)) }],
        };
      },
      {
        retry: { initialMs: 50, maxMs: 200, stallAfterMs: 60_000 },
        maxRecordsPerTransaction: 10,
        sessionTimeoutMs: 6_000, // the broker's minimum: the stalled instance is dropped soon
      },
    );
    servers.push(server);
    await startListening(server);
  }

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('does not commit again what the next holder of the partition already committed', async () => {
    await ensureTopics(
      kafka,
      [input, output].map((name) => ({ name, partitions: 1, configs: {} })),
    );
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: input,
      messages: Array.from({ length: 20 }, (_, n) => ({ key: 'k', value: JSON.stringify({ n }) })),
    });
    await producer.disconnect();

    // The first instance stalls inside its first chunk long enough to be dropped from the group.
    let held = false;
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await startInstance({ held: () => (held = true), release: released });
    await eventually('the first instance to stall in its first chunk', async () => (held ? true : undefined));

    // The second instance gets the partition and copies everything.
    await startInstance();
    const copiedBySecond = await readAll(kafka, output, 20);
    expect(copiedBySecond).toHaveLength(20);

    // The stalled instance wakes up with a chunk the second one has already committed.
    release();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const copied = await readAll(kafka, output, 20);
    expect(copied.map((record) => Number(record.value))).toEqual(Array.from({ length: 20 }, (_, n) => n));
  }, 90_000);

  it('refuses a second member of one group on the same Kafka client, saying why', async () => {
    const shared = createKafkaClient({ clientId: 'it-batch-shared-client', ...brokers });
    const group = `it-shared-client-${run}`;
    const first = copyingServer(shared, group, input, () =>
      Promise.resolve({ outcome: 'copied', records: [] }),
    );
    servers.push(first);
    await startListening(first);
    const second = copyingServer(shared, group, input, () =>
      Promise.resolve({ outcome: 'copied', records: [] }),
    );
    const refusal = await startListening(second).then(
      () => undefined,
      (error: Error) => error.cause,
    );
    expect(String(refusal)).toContain(`consumer group ${group} already has a member on this Kafka client`);

    // Closing the refused server leaves the first one's place alone: a third is refused too.
    await second.close();
    const third = copyingServer(shared, group, input, () =>
      Promise.resolve({ outcome: 'copied', records: [] }),
    );
    const thirdRefusal = await startListening(third).then(
      () => undefined,
      (error: Error) => error.cause,
    );
    expect(String(thirdRefusal)).toContain('already has a member on this Kafka client');
  }, 60_000);
});

describe(`${KafkaBatchServer.name} at a partition that ends in an aborted transaction`, () => {
  const kafka = createKafkaClient({
    clientId: 'it-batch-aborted-tail',
    ...stackKafka(),
  });
  const run = randomUUID().slice(0, 8);
  const input = `it.aborted-tail.${run}.in`;
  const output = `it.aborted-tail.${run}.out`;
  const groupId = `it-aborted-tail-${run}`;
  let server: KafkaBatchServer | undefined;

  afterAll(async () => {
    await server?.close();
  });

  it('commits past the aborted records, so the group shows no lag once it has read everything', async () => {
    await ensureTopics(
      kafka,
      [input, output].map((name) => ({ name, partitions: 1, configs: {} })),
    );
    const plain = kafka.producer();
    await plain.connect();
    await plain.send({ topic: input, messages: [0, 1, 2].map((n) => ({ value: JSON.stringify({ n }) })) });
    await plain.disconnect();
    const abortTwo = async (first: number): Promise<void> => {
      const aborting = kafka.producer({
        transactionalId: `${groupId}.writer`,
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await aborting.connect();
      const transaction = await aborting.transaction();
      await transaction.send({
        topic: input,
        messages: [first, first + 1].map((n) => ({ value: JSON.stringify({ n }) })),
      });
      await transaction.abort();
      await aborting.disconnect();
    };
    await abortTwo(3); // behind the last good record of the first batch
    server = copyingServer(kafka, groupId, input, async (message) => ({
      outcome: 'copied',
      records: [{ topic: output, key: 'k', value: Buffer.from(String(message.n)) }],
    }));
    await startListening(server);

    const copied = await readAll(kafka, output, 3);
    expect(copied.map((record) => record.value)).toEqual(['0', '1', '2']);
    const admin = kafka.admin();
    await admin.connect();
    // The end offset counts every record: good ones, aborted ones and one marker per transaction.
    const committedTo = async (end: string): Promise<void> => {
      await eventually(
        `the group's committed offset on ${input} to reach its end, ${end}`,
        async () => {
          const [{ high }] = await admin.fetchTopicOffsets(input);
          const [committed] = await admin.fetchOffsets({ groupId, topics: [input] });
          return high === end && committed.partitions[0].offset === end ? true : undefined;
        },
        { timeoutMs: 20_000 },
      );
    };
    try {
      await committedTo('6');
      await abortTwo(5); // alone: a batch with nothing but aborted records and a marker
      await committedTo('9');
    } finally {
      await admin.disconnect();
    }
    expect((await readAll(kafka, output, 3)).map((record) => record.value)).toEqual(['0', '1', '2']);
  }, 60_000);
});

describe(`${KafkaBatchServer.name} when a cycle produces more than the broker takes in one batch`, () => {
  const kafka = createKafkaClient({
    clientId: 'it-batch-large-cycle',
    ...stackKafka(),
  });
  const run = randomUUID().slice(0, 8);
  const input = `it.large-cycle.${run}.in`;
  const output = `it.large-cycle.${run}.out`;
  let server: KafkaBatchServer | undefined;

  afterAll(async () => {
    await server?.close();
  });

  it('commits it in several requests of one transaction instead of retrying a refused one forever', async () => {
    // 40 records of 60 KB for one partition: 2.4 MB, over the broker's 1 MiB per record batch.
    await ensureTopics(
      kafka,
      [input, output].map((name) => ({ name, partitions: 1, configs: {} })),
    );
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: input,
      messages: Array.from({ length: 40 }, (_, n) => ({ value: JSON.stringify({ n }) })),
    });
    await producer.disconnect();
    const status = new ConsumerStatus();
    server = copyingServer(
      kafka,
      `it-large-cycle-${run}`,
      input,
      async (message) => ({
        outcome: 'copied',
        records: [{ topic: output, key: 'k', value: Buffer.alloc(60_000, message.n) }],
      }),
      { status },
    );
    await startListening(server);

    const copied = await readAll(kafka, output, 40);
    expect(copied).toHaveLength(40);
    expect(copied.map((record) => record.value.charCodeAt(0))).toEqual(
      Array.from({ length: 40 }, (_, n) => n),
    );
    expect(status.state).toBe('running');
  }, 60_000);
});

describe(`${KafkaBatchServer.name} when a commit finds part of its cycle committed by someone else`, () => {
  const kafka = createKafkaClient({
    clientId: 'it-batch-rewind',
    ...stackKafka(),
  });
  const run = randomUUID().slice(0, 8);
  const input = `it.rewind.${run}.in`;
  const output = `it.rewind.${run}.out`;
  const groupId = `it-rewind-${run}`;
  let server: KafkaBatchServer | undefined;

  afterAll(async () => {
    await server?.close();
  });

  it('fetches the rest again and copies each record once, though the batch had already gone on', async () => {
    await ensureTopics(
      kafka,
      [input, output].map((name) => ({ name, partitions: 1, configs: {} })),
    );
    const plain = kafka.producer();
    await plain.connect();
    await plain.send({
      topic: input,
      messages: Array.from({ length: 20 }, (_, n) => ({ key: 'k', value: JSON.stringify({ n }) })),
    });
    await plain.disconnect();

    let held = false;
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const handled: number[] = [];
    server = copyingServer(
      kafka,
      groupId,
      input,
      async (message) => {
        if (!held) {
          held = true;
          await released;
        }
        handled.push(message.n);
        return {
          outcome: 'copied',
          records: [{ topic: output, key: 'k', value: Buffer.from(String(message.n)) }],
        };
      },
      { retry: { initialMs: 50, maxMs: 200, stallAfterMs: 60_000 } },
    );
    await startListening(server);
    await eventually('the instance to be inside its first cycle', async () => (held ? true : undefined));

    // Meanwhile "another holder" copies records 0-4 and commits them with offset 5, taking the
    // instance's transactional id (so fencing its producer): the instance's commit fails, and what
    // went through is for the committed offsets to say.
    const { transactionalId } = server;
    const other = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    await other.connect();
    const transaction = await other.transaction();
    await transaction.send({
      topic: output,
      messages: [0, 1, 2, 3, 4].map((n) => ({ key: 'k', value: String(n) })),
    });
    await transaction.sendOffsets({
      consumerGroupId: groupId,
      topics: [{ topic: input, partitions: [{ partition: 0, offset: '5' }] }],
    });
    await transaction.commit();
    await other.disconnect();

    // The instance's commit is refused; it starts its producer afresh, reads offset 5 and leaves
    // its cycle (0-19) uncommitted, fetches from 0 again and skips what is committed.
    release();
    const copied = await readAll(kafka, output, 20);
    expect(copied.map((record) => Number(record.value))).toEqual(Array.from({ length: 20 }, (_, n) => n));
    const admin = kafka.admin();
    await admin.connect();
    try {
      await eventually(
        'the group to commit the partition to its end',
        async () => {
          const [committed] = await admin.fetchOffsets({ groupId, topics: [input] });
          return committed.partitions[0].offset === '20' ? true : undefined;
        },
        { timeoutMs: 20_000 },
      );
    } finally {
      await admin.disconnect();
    }
    // The second pass handled only what the other holder had not: 5-19.
    expect(handled.slice(20)).toEqual(Array.from({ length: 15 }, (_, n) => n + 5));
  }, 60_000);
});
