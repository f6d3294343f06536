import { KafkaJSConnectionError, KafkaJSProtocolError } from 'kafkajs';

import {
  EosManager,
  loadEosManagerFactory,
  loadProtocolErrorFromCode,
  TransactionBroker,
  TransactionCluster,
} from './kafkajs-internals';

/**
 * kafkajs's transaction manager as patched by
 * patches/kafkajs+2.2.4+002+cache-transaction-coordinator.patch and
 * patches/kafkajs+2.2.4+004+cache-group-coordinator.patch, driven against a fake cluster
 * that counts FindCoordinator look-ups and records which broker each request went to.
 */
const createEosManager = loadEosManagerFactory();
const protocolError = (code: number): KafkaJSProtocolError =>
  new KafkaJSProtocolError(loadProtocolErrorFromCode()(code));

const TRANSACTION = 1;
const GROUP = 0;
const NOT_COORDINATOR = 16;
const COORDINATOR_NOT_AVAILABLE = 15;
const COORDINATOR_LOAD_IN_PROGRESS = 14;
const ILLEGAL_GENERATION = 22;
const CONCURRENT_TRANSACTIONS = 51;
const TRANSACTIONAL_ID_AUTHORIZATION_FAILED = 53;

class FakeCluster implements TransactionCluster {
  /** kafkajs's own retries: none unless a test needs one (sendOffsets retries inside itself). */
  constructor(readonly retry: { retries: number; initialRetryTime?: number } = { retries: 0 }) {}

  /** Which broker is the transaction coordinator; a test moves it. */
  coordinator = 1;
  readonly lookups: { coordinatorType: number; groupId: string }[] = [];
  /** Brokers the cluster cannot connect to. */
  readonly unreachable = new Set<number>();
  /** `${nodeId} ${request}` for every request a broker received, in order. */
  readonly requests: string[] = [];
  /** What every TxnOffsetCommit asked for. */
  readonly offsetCommits: object[] = [];
  /** Errors the next requests of a name throw, first to last. */
  readonly failures = new Map<string, Error[]>();
  private readonly brokers = new Map<number, TransactionBroker>([1, 2].map((id) => [id, this.broker(id)]));

  transactionLookups(): number {
    return this.lookups.filter(({ coordinatorType }) => coordinatorType === TRANSACTION).length;
  }

  async refreshMetadataIfNecessary(): Promise<void> {}
  async findControllerBroker(): Promise<TransactionBroker> {
    return this.find(1);
  }
  async findBroker({ nodeId }: { nodeId: number }): Promise<TransactionBroker> {
    if (this.unreachable.has(nodeId)) throw new KafkaJSConnectionError('Connection error: ECONNREFUSED');
    return this.find(nodeId);
  }
  async findGroupCoordinator(query: {
    groupId: string;
    coordinatorType: number;
  }): Promise<TransactionBroker> {
    this.lookups.push(query);
    return this.find(this.coordinator);
  }

  private find(nodeId: number): TransactionBroker {
    const broker = this.brokers.get(nodeId);
    if (!broker) throw new Error(`no broker ${nodeId}`);
    return broker;
  }

  private broker(nodeId: number): TransactionBroker {
    const answer = async <T>(request: string, result: T): Promise<T> => {
      this.requests.push(`${nodeId} ${request}`);
      const failure = this.failures.get(request)?.shift();
      if (failure) throw failure;
      return result;
    };
    return {
      nodeId,
      initProducerId: () => answer('InitProducerId', { producerId: 7, producerEpoch: 0 }),
      addPartitionsToTxn: () => answer('AddPartitionsToTxn', {}),
      addOffsetsToTxn: () => answer('AddOffsetsToTxn', {}),
      txnOffsetCommit: (request) => {
        this.offsetCommits.push(request);
        return answer('TxnOffsetCommit', {});
      },
      endTxn: () => answer('EndTxn', {}),
    };
  }
}

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

async function transactionalManager(cluster: FakeCluster): Promise<EosManager> {
  const manager = createEosManager({ logger: silent, cluster, transactional: true, transactionalId: 'tx-1' });
  await manager.initProducerId();
  return manager;
}

/** One consume-transform-produce step: records to two partitions, the consumed offsets, commit. */
async function transaction(manager: EosManager): Promise<void> {
  manager.beginTransaction();
  await manager.addPartitionsToTransaction([{ topic: 'out', partitions: [{ partition: 0 }] }]);
  await manager.addPartitionsToTransaction([{ topic: 'out', partitions: [{ partition: 1 }] }]);
  await manager.sendOffsets({
    consumerGroupId: 'group-1',
    topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '10' }] }],
  });
  await manager.commit();
}

describe("kafkajs's transaction manager (patched)", () => {
  it('looks the transaction coordinator up once across many transactions', async () => {
    const cluster = new FakeCluster();
    const manager = await transactionalManager(cluster);
    for (let n = 0; n < 3; n++) await transaction(manager);

    expect(cluster.transactionLookups()).toBe(1);
    expect(cluster.lookups[0]).toEqual({ coordinatorType: TRANSACTION, groupId: 'tx-1' });
    // TxnOffsetCommit goes to the consumer group's coordinator, looked up once too (patch 004).
    expect(cluster.lookups.filter(({ coordinatorType }) => coordinatorType === GROUP)).toEqual([
      { coordinatorType: GROUP, groupId: 'group-1' },
    ]);
    expect(cluster.requests.filter((request) => request.endsWith('TxnOffsetCommit'))).toEqual([
      '1 TxnOffsetCommit',
      '1 TxnOffsetCommit',
      '1 TxnOffsetCommit',
    ]);
    expect(cluster.requests.filter((request) => request.endsWith('EndTxn'))).toEqual([
      '1 EndTxn',
      '1 EndTxn',
      '1 EndTxn',
    ]);
  });

  it.each([
    ['NOT_COORDINATOR', NOT_COORDINATOR],
    ['COORDINATOR_NOT_AVAILABLE', COORDINATOR_NOT_AVAILABLE],
    ['COORDINATOR_LOAD_IN_PROGRESS', COORDINATOR_LOAD_IN_PROGRESS],
  ])('looks it up again after the coordinator answers %s', async (_name, code) => {
    const cluster = new FakeCluster();
    const manager = await transactionalManager(cluster);
    await transaction(manager);

    // The coordinator moves to broker 2; broker 1 says so once.
    cluster.coordinator = 2;
    cluster.failures.set('AddPartitionsToTxn', [protocolError(code)]);
    manager.beginTransaction();
    const partitions = [{ topic: 'out', partitions: [{ partition: 0 }] }];
    await expect(manager.addPartitionsToTransaction(partitions)).rejects.toMatchObject({ code });
    // What the producer's retry does.
    await manager.addPartitionsToTransaction(partitions);
    await manager.commit();

    expect(cluster.transactionLookups()).toBe(2);
    expect(cluster.requests.slice(-3)).toEqual(['1 AddPartitionsToTxn', '2 AddPartitionsToTxn', '2 EndTxn']);
  });

  it('looks it up again after the connection to it failed', async () => {
    const cluster = new FakeCluster();
    const manager = await transactionalManager(cluster);
    cluster.coordinator = 2;
    cluster.failures.set('AddPartitionsToTxn', [new KafkaJSConnectionError('Connection error: ECONNRESET')]);

    manager.beginTransaction();
    const partitions = [{ topic: 'out', partitions: [{ partition: 0 }] }];
    await expect(manager.addPartitionsToTransaction(partitions)).rejects.toBeInstanceOf(
      KafkaJSConnectionError,
    );
    await manager.addPartitionsToTransaction(partitions);
    await manager.commit();

    expect(cluster.transactionLookups()).toBe(2);
    expect(cluster.requests.slice(-2)).toEqual(['2 AddPartitionsToTxn', '2 EndTxn']);
  });

  it('looks it up at once when the remembered broker cannot be reached', async () => {
    const cluster = new FakeCluster();
    const manager = await transactionalManager(cluster);
    cluster.coordinator = 2;
    cluster.unreachable.add(1);

    manager.beginTransaction();
    await manager.addPartitionsToTransaction([{ topic: 'out', partitions: [{ partition: 0 }] }]);
    await manager.commit();

    expect(cluster.transactionLookups()).toBe(2);
    expect(cluster.requests.slice(-2)).toEqual(['2 AddPartitionsToTxn', '2 EndTxn']);
  });

  it('keeps the coordinator after other errors', async () => {
    const cluster = new FakeCluster();
    const manager = await transactionalManager(cluster);
    cluster.failures.set('AddPartitionsToTxn', [protocolError(3)]); // UNKNOWN_TOPIC_OR_PARTITION

    manager.beginTransaction();
    const partitions = [{ topic: 'out', partitions: [{ partition: 0 }] }];
    await expect(manager.addPartitionsToTransaction(partitions)).rejects.toBeInstanceOf(KafkaJSProtocolError);
    await manager.addPartitionsToTransaction(partitions);
    await manager.commit();

    expect(cluster.transactionLookups()).toBe(1);
  });

  it.each([
    ['NOT_COORDINATOR', () => protocolError(NOT_COORDINATOR)],
    ['COORDINATOR_NOT_AVAILABLE', () => protocolError(COORDINATOR_NOT_AVAILABLE)],
    ['a lost connection', () => new KafkaJSConnectionError('Connection error: ECONNRESET')],
  ])(
    "looks the group's coordinator up again and commits the offsets there after %s",
    async (_name, error) => {
      const cluster = new FakeCluster({ retries: 1, initialRetryTime: 1 });
      const manager = await transactionalManager(cluster);
      await transaction(manager);

      // The group's coordinator moves to broker 2 (FakeCluster answers one coordinator for both kinds).
      cluster.coordinator = 2;
      cluster.failures.set('TxnOffsetCommit', [error()]);
      manager.beginTransaction();
      await manager.sendOffsets({
        consumerGroupId: 'group-1',
        topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '11' }] }],
      });

      expect(cluster.lookups.filter(({ coordinatorType }) => coordinatorType === GROUP)).toHaveLength(2);
      expect(cluster.requests.filter((request) => request.endsWith('TxnOffsetCommit')).slice(-2)).toEqual([
        '1 TxnOffsetCommit',
        '2 TxnOffsetCommit',
      ]);
    },
  );

  it("looks the group's coordinator up at once when the remembered broker cannot be reached", async () => {
    const cluster = new FakeCluster();
    const manager = await transactionalManager(cluster);
    await transaction(manager);
    cluster.coordinator = 2;
    cluster.unreachable.add(1);

    manager.beginTransaction();
    await manager.sendOffsets({
      consumerGroupId: 'group-1',
      topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '11' }] }],
    });

    expect(cluster.requests.slice(-1)).toEqual(['2 TxnOffsetCommit']);
  });

  it("sends the consumer's generation and member id with the offsets (patch 005, KIP-447)", async () => {
    const cluster = new FakeCluster();
    const manager = await transactionalManager(cluster);
    manager.beginTransaction();
    await manager.sendOffsets({
      consumerGroupId: 'group-1',
      topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '10' }] }],
      generationId: 12,
      memberId: 'member-a',
    });

    expect(cluster.offsetCommits).toEqual([
      expect.objectContaining({ groupId: 'group-1', generationId: 12, memberId: 'member-a' }),
    ]);
  });

  it('gives up at once on a commit from a stale generation: repeating it cannot help', async () => {
    const cluster = new FakeCluster({ retries: 5, initialRetryTime: 1 });
    const manager = await transactionalManager(cluster);
    cluster.failures.set('TxnOffsetCommit', [protocolError(ILLEGAL_GENERATION)]);
    manager.beginTransaction();

    await expect(
      manager.sendOffsets({
        consumerGroupId: 'group-1',
        topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '10' }] }],
        generationId: 11,
        memberId: 'member-a',
      }),
    ).rejects.toMatchObject({ type: 'ILLEGAL_GENERATION' });
    expect(cluster.requests.filter((request) => request.endsWith('TxnOffsetCommit'))).toHaveLength(1);
  });

  it('retries adding offsets while the previous transaction still completes (patch 006)', async () => {
    const cluster = new FakeCluster({ retries: 5, initialRetryTime: 1 });
    const manager = await transactionalManager(cluster);
    cluster.failures.set('AddOffsetsToTxn', [
      protocolError(CONCURRENT_TRANSACTIONS),
      protocolError(CONCURRENT_TRANSACTIONS),
    ]);
    // A transaction of offsets only: the first request is AddOffsetsToTxn.
    manager.beginTransaction();
    await manager.sendOffsets({
      consumerGroupId: 'group-1',
      topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '10' }] }],
    });
    await manager.commit();

    expect(cluster.requests.filter((request) => request.endsWith('AddOffsetsToTxn'))).toHaveLength(3);
    expect(cluster.requests.slice(-2)).toEqual(['1 TxnOffsetCommit', '1 EndTxn']);
  });

  it('does not retry adding offsets when the producer may not', async () => {
    const cluster = new FakeCluster({ retries: 5, initialRetryTime: 1 });
    const manager = await transactionalManager(cluster);
    cluster.failures.set('AddOffsetsToTxn', [protocolError(TRANSACTIONAL_ID_AUTHORIZATION_FAILED)]);
    manager.beginTransaction();

    await expect(
      manager.sendOffsets({
        consumerGroupId: 'group-1',
        topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '10' }] }],
      }),
    ).rejects.toMatchObject({ type: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED' });
    expect(cluster.requests.filter((request) => request.endsWith('AddOffsetsToTxn'))).toHaveLength(1);
  });

  it('carries the markers the start-up check reads', () => {
    expect(createEosManager.cachesTransactionCoordinator).toBe(true);
    expect(createEosManager.cachesGroupCoordinator).toBe(true);
    expect(createEosManager.commitsOffsetsWithGeneration).toBe(true);
    expect(createEosManager.retriesAddOffsetsToTxn).toBe(true);
  });
});
