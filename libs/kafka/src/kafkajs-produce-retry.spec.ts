import { KafkaJSConnectionError, KafkaJSProtocolError } from 'kafkajs';

import {
  loadEosManagerFactory,
  loadProtocolErrorFromCode,
  loadRetrier,
  loadSendMessages,
  ProduceRequest,
  ProduceResponse,
  ProducingBroker,
  ProducingCluster,
} from './kafkajs-internals';

/**
 * kafkajs's producer core (src/producer/sendMessages) as patched by
 * patches/kafkajs+2.2.4+007+produce-retry-per-partition.patch, driven with kafkajs's own
 * idempotent producer state (sequence numbers, one request at a time per broker) against fake
 * brokers whose answers the test times. What a broker appends is decided as Kafka does for an
 * idempotent producer: a batch whose first sequence number is the one expected is new, one that
 * repeats the last appended batch's is a duplicate and acknowledged without appending.
 */
const createSendMessages = loadSendMessages();
const createEosManager = loadEosManagerFactory();
const createRetrier = loadRetrier();
const protocolError = (code: number): KafkaJSProtocolError =>
  new KafkaJSProtocolError(loadProtocolErrorFromCode()(code));

const NOT_LEADER_FOR_PARTITION = 6;
const TOPIC = 'out';
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** What one broker does with its next produce request. */
type Answer = { fail: Error } | { after: Promise<unknown> } | 'append';

/** Two brokers and the logs of one topic's partitions, as the leaders append to them. */
class FakeCluster implements ProducingCluster {
  readonly retry = { retries: 0 };
  readonly targetTopics = new Set<string>();
  /** Partition → its leader's node id, as the metadata says; a test moves leaders. */
  leaders = new Map<number, number>();
  /** Leaders the next metadata refresh reports. */
  leadersAfterRefresh: Map<number, number> | undefined;
  /** What each broker does with its next requests, first to last; then it appends. */
  readonly answers = new Map<number, Answer[]>();
  /** `${nodeId} p${partition} seq ${firstSequence}` for every produce request, in order. */
  readonly requests: string[] = [];
  /** What the partition logs hold: the values appended, per partition. */
  readonly logs = new Map<number, string[]>();
  private readonly nextSequence = new Map<number, number>();
  private readonly lastBatch = new Map<number, number>();
  private readonly brokers = new Map<number, ProducingBroker>();
  private failures = 0;
  private onFailure: (() => void) | undefined;

  constructor(partitions: Record<number, number>) {
    for (const [partition, leader] of Object.entries(partitions)) this.leaders.set(Number(partition), leader);
    for (const nodeId of [1, 2]) this.brokers.set(nodeId, this.broker(nodeId));
  }

  /** Resolves when some broker has failed a request. */
  failed(): Promise<void> {
    if (this.failures > 0) return Promise.resolve();
    return new Promise((resolve) => (this.onFailure = resolve));
  }

  async addMultipleTargetTopics(topics: string[]): Promise<void> {
    for (const topic of topics) this.targetTopics.add(topic);
  }
  async refreshMetadataIfNecessary(): Promise<void> {}
  async refreshMetadata(): Promise<void> {
    if (this.leadersAfterRefresh) this.leaders = this.leadersAfterRefresh;
  }
  removeBroker(): void {}
  isConnected(): boolean {
    return true;
  }
  async connect(): Promise<void> {}
  findTopicPartitionMetadata(): { partitionId: number; leader: number }[] {
    return [...this.leaders].map(([partitionId, leader]) => ({ partitionId, leader }));
  }
  findLeaderForPartitions(_topic: string, partitions: (string | number)[]): Record<string, number[]> {
    const result: Record<string, number[]> = {};
    for (const partition of partitions.map(Number)) {
      const leader = this.leaders.get(partition);
      if (leader === undefined) continue;
      result[leader] = [...(result[leader] ?? []), partition];
    }
    return result;
  }
  async findBroker({ nodeId }: { nodeId: number | string }): Promise<ProducingBroker> {
    const broker = this.brokers.get(Number(nodeId));
    if (!broker) throw new Error(`no broker ${nodeId}`);
    return broker;
  }
  async findControllerBroker(): Promise<ProducingBroker> {
    return this.findBroker({ nodeId: 1 });
  }
  async findGroupCoordinator(): Promise<ProducingBroker> {
    return this.findBroker({ nodeId: 1 });
  }

  private append(request: ProduceRequest): ProduceResponse {
    const partitions = request.topicData[0].partitions.map(({ partition, firstSequence, messages }) => {
      const log = this.logs.get(partition) ?? [];
      const expected = this.nextSequence.get(partition) ?? 0;
      if (firstSequence === expected) {
        this.lastBatch.set(partition, firstSequence);
        this.nextSequence.set(partition, expected + messages.length);
        log.push(...messages.map((message) => message.value));
        this.logs.set(partition, log);
      } else if (firstSequence !== this.lastBatch.get(partition)) {
        throw new Error(`p${partition}: sequence ${firstSequence}, expected ${expected} (OUT_OF_ORDER)`);
      }
      return { partition, errorCode: 0, baseOffset: String(log.length - messages.length) };
    });
    return { topics: [{ topicName: TOPIC, partitions }] };
  }

  private broker(nodeId: number): ProducingBroker {
    const refuse = (): Promise<never> => Promise.reject(new Error('not used here'));
    return {
      nodeId,
      initProducerId: () => Promise.resolve({ producerId: 7, producerEpoch: 0 }),
      addPartitionsToTxn: refuse,
      addOffsetsToTxn: refuse,
      txnOffsetCommit: refuse,
      endTxn: refuse,
      produce: async (request) => {
        for (const { partition, firstSequence } of request.topicData[0].partitions)
          this.requests.push(`${nodeId} p${partition} seq ${firstSequence}`);
        const answer = this.answers.get(nodeId)?.shift() ?? 'append';
        if (answer !== 'append' && 'fail' in answer) {
          this.failures += 1;
          this.onFailure?.();
          throw answer.fail;
        }
        if (answer !== 'append') await answer.after;
        return this.append(request);
      },
    };
  }
}

/** kafkajs's sendBatch core with an idempotent producer's state, retrying quickly. */
async function sender(cluster: FakeCluster) {
  const eosManager = createEosManager({
    logger: silent,
    cluster,
    transactional: false,
    transactionalId: '',
  });
  await eosManager.initProducerId();
  return createSendMessages({
    logger: silent,
    cluster,
    partitioner: ({ message }) => message.partition ?? 0,
    eosManager,
    retrier: createRetrier({ retries: 5, initialRetryTime: 1, factor: 0, multiplier: 1 }),
  });
}

const batch = (values: Record<number, string[]>) => ({
  acks: -1,
  topicMessages: [
    {
      topic: TOPIC,
      messages: Object.entries(values).flatMap(([partition, list]) =>
        list.map((value) => ({ value, partition: Number(partition) })),
      ),
    },
  ],
});

describe("kafkajs's producer retrying a batch across brokers (patched)", () => {
  it('does not send a partition again while its request to another broker is still in flight', async () => {
    // Partition 0 on broker 1, partition 1 on broker 2. Broker 2 dies (its request fails at once)
    // while broker 1 is still waiting for its followers (its answer comes later).
    const cluster = new FakeCluster({ 0: 1, 1: 2 });
    let answerBroker1: () => void = () => undefined;
    const broker1Answers = new Promise<void>((resolve) => (answerBroker1 = resolve));
    cluster.answers.set(1, [{ after: broker1Answers }]);
    cluster.answers.set(2, [{ fail: new KafkaJSConnectionError('Connection error: ECONNREFUSED') }]);
    const send = await sender(cluster);

    // kafkajs's retry waits on a timer: the test's clock decides when it is due.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    let sent: ReturnType<typeof send>;
    try {
      sent = send(batch({ 0: ['a', 'b'], 1: ['c'] }));
      await cluster.failed();
      // Time enough for a retry: kafkajs 2.2.4 retried now, counting broker 1's request as
      // unanswered; the patched one waits for broker 1's answer first.
      await jest.advanceTimersByTimeAsync(1_000);
    } finally {
      jest.useRealTimers();
    }
    answerBroker1();
    const acknowledged = await sent;

    expect(cluster.logs.get(0)).toEqual(['a', 'b']);
    expect(cluster.logs.get(1)).toEqual(['c']);
    expect(cluster.requests.filter((request) => request.startsWith('1 '))).toEqual(['1 p0 seq 0']);
    expect(acknowledged.map(({ partition }) => partition).sort()).toEqual([0, 1]);
  });

  it('sends a partition whose leader moved to a broker that had already answered', async () => {
    // Broker 1 takes partition 0; broker 2 is no longer partition 1's leader, broker 1 is now.
    const cluster = new FakeCluster({ 0: 1, 1: 2 });
    cluster.answers.set(2, [{ fail: protocolError(NOT_LEADER_FOR_PARTITION) }]);
    // Broker 2's refusal arrives after broker 1's answer has been taken in.
    let broker1Answered: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (broker1Answered = resolve));
    const [broker1, broker2] = [
      await cluster.findBroker({ nodeId: 1 }),
      await cluster.findBroker({ nodeId: 2 }),
    ];
    const [produce1, produce2] = [broker1.produce.bind(broker1), broker2.produce.bind(broker2)];
    broker1.produce = async (request) => {
      const response = await produce1(request);
      setImmediate(broker1Answered);
      return response;
    };
    broker2.produce = async (request) => {
      await answered;
      return produce2(request);
    };
    cluster.leadersAfterRefresh = new Map([
      [0, 1],
      [1, 1],
    ]);
    const send = await sender(cluster);

    const acknowledged = await send(batch({ 0: ['a'], 1: ['b', 'c'] }));

    expect(cluster.logs.get(0)).toEqual(['a']);
    // kafkajs 2.2.4 resolved the batch without ever sending partition 1 to its new leader.
    expect(cluster.logs.get(1)).toEqual(['b', 'c']);
    expect(cluster.requests).toContain('1 p1 seq 0');
    expect(acknowledged.map(({ partition }) => partition).sort()).toEqual([0, 1]);
  });

  it('sends a request that failed again with the same sequence numbers, which the broker recognises', async () => {
    // The broker appended the batch but the connection broke before its answer arrived.
    const cluster = new FakeCluster({ 0: 1 });
    const send = await sender(cluster);
    const broker1 = await cluster.findBroker({ nodeId: 1 });
    const produce = broker1.produce.bind(broker1);
    let lost = false;
    broker1.produce = async (request) => {
      const response = await produce(request);
      if (!lost) {
        lost = true;
        throw new KafkaJSConnectionError('Connection error: ECONNRESET');
      }
      return response;
    };

    await send(batch({ 0: ['a', 'b'] }));
    await send(batch({ 0: ['c'] }));

    expect(cluster.requests).toEqual(['1 p0 seq 0', '1 p0 seq 0', '1 p0 seq 2']);
    expect(cluster.logs.get(0)).toEqual(['a', 'b', 'c']);
  });

  it('carries the marker the start-up check reads', () => {
    expect(createSendMessages.acknowledgesPerPartition).toBe(true);
  });
});
