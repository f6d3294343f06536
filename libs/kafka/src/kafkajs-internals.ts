import { createRequire } from 'node:module';

/*
 * Typed access to the kafkajs modules that patches/ changes, for the start-up check and the
 * tests that call them directly. kafkajs does not export them, and its typings do not describe
 * them, so the shapes below cover only what the check and the tests use.
 */

const load = createRequire(__filename);

/** A record as kafkajs's aborted-transaction filter sees it. */
export interface FilteredRecord {
  offset: string;
  key: Buffer | null;
  isControlRecord?: boolean;
  batchContext: { producerId: string; inTransaction: boolean };
}

export interface AbortedTransaction {
  firstOffset: string;
  producerId: string;
}

export type AbortedTransactionFilter = (fetched: {
  messages: FilteredRecord[];
  abortedTransactions: AbortedTransaction[];
}) => FilteredRecord[];

/** The broker calls kafkajs's transaction manager makes, as far as the tests fake them. */
export interface TransactionBroker {
  nodeId: number;
  initProducerId(request: object): Promise<{ producerId: number; producerEpoch: number }>;
  addPartitionsToTxn(request: object): Promise<unknown>;
  addOffsetsToTxn(request: object): Promise<unknown>;
  txnOffsetCommit(request: object): Promise<unknown>;
  endTxn(request: object): Promise<unknown>;
}

/** The cluster calls kafkajs's transaction manager makes. */
export interface TransactionCluster {
  retry?: { retries?: number; initialRetryTime?: number };
  refreshMetadataIfNecessary(): Promise<void>;
  findControllerBroker(): Promise<TransactionBroker>;
  findBroker(query: { nodeId: number }): Promise<TransactionBroker>;
  findGroupCoordinator(query: { groupId: string; coordinatorType: number }): Promise<TransactionBroker>;
}

export interface KafkajsLogger {
  debug(message: string, extra?: object): void;
  info(message: string, extra?: object): void;
  warn(message: string, extra?: object): void;
  error(message: string, extra?: object): void;
}

/** kafkajs's transaction manager (src/producer/eosManager), the part the tests drive. */
export interface EosManager {
  initProducerId(): Promise<void>;
  beginTransaction(): void;
  addPartitionsToTransaction(topics: { topic: string; partitions: { partition: number }[] }[]): Promise<void>;
  sendOffsets(offsets: {
    consumerGroupId: string;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
    /** The consumer's group generation and member id (patches/kafkajs+2.2.4+005+…). */
    generationId?: number;
    memberId?: string;
  }): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export interface EosManagerFactory {
  (options: {
    logger: KafkajsLogger;
    cluster: TransactionCluster;
    transactional: boolean;
    transactionalId: string;
    transactionTimeout?: number;
  }): EosManager;
  /** Set by the coordinator-caching patch (patches/kafkajs+2.2.4+002+…). */
  cachesTransactionCoordinator?: boolean;
  /** Set by the group-coordinator-caching patch (patches/kafkajs+2.2.4+004+…). */
  cachesGroupCoordinator?: boolean;
  /** Set by the KIP-447 patch (patches/kafkajs+2.2.4+005+…). */
  commitsOffsetsWithGeneration?: boolean;
  /** Set by patches/kafkajs+2.2.4+006+…: AddOffsetsToTxn retried on CONCURRENT_TRANSACTIONS. */
  retriesAddOffsetsToTxn?: boolean;
}

export const loadAbortedTransactionFilter = (): AbortedTransactionFilter =>
  load('kafkajs/src/consumer/filterAbortedMessages') as AbortedTransactionFilter;

export const loadEosManagerFactory = (): EosManagerFactory =>
  load('kafkajs/src/producer/eosManager') as EosManagerFactory;

export const installedKafkajsVersion = (): string =>
  (load('kafkajs/package.json') as { version: string }).version;

/** kafkajs's protocol error description for a Kafka error code, as its broker calls throw it. */
export const loadProtocolErrorFromCode = (): ((code: number) => Error) =>
  (load('kafkajs/src/protocol/error') as { createErrorFromCode: (code: number) => Error })
    .createErrorFromCode;

/** kafkajs's protocol encoder, as far as the record tests use it. */
export interface KafkajsEncoder {
  buf: Buffer;
  offset: number;
  readonly buffer: Buffer;
  writeVarInt(value: number): KafkajsEncoder;
  writeInt8(value: number): KafkajsEncoder;
  writeVarLong(value: number): KafkajsEncoder;
  writeVarIntBytes(value: Buffer | string | null): KafkajsEncoder;
  writeVarIntArray(array: KafkajsEncoder[]): KafkajsEncoder;
}

export interface EncoderClass {
  new (initialSize?: number): KafkajsEncoder;
  sizeOfVarInt(value: number): number;
  sizeOfVarLong(value: number): number;
  sizeOfVarIntBytes(value: Buffer | string | null): number;
}

export interface EncodableRecord {
  offsetDelta?: number;
  timestampDelta?: number;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, string | Buffer | (string | Buffer)[]>;
}

/** kafkajs's record (v0, inside a v2 record batch) encoder, patched by patches/kafkajs+2.2.4+003+…. */
export const loadRecordEncoder = (): ((record: EncodableRecord) => KafkajsEncoder) =>
  load('kafkajs/src/protocol/recordBatch/record/v0') as (record: EncodableRecord) => KafkajsEncoder;

/** kafkajs's own (unpatched) encoder of one record header, which the original record encoder used. */
export const loadHeaderEncoder = (): ((header: { key: string; value: Buffer | string }) => KafkajsEncoder) =>
  load('kafkajs/src/protocol/recordBatch/header/v0') as (header: {
    key: string;
    value: Buffer | string;
  }) => KafkajsEncoder;

export const loadEncoder = (): EncoderClass => load('kafkajs/src/protocol/encoder') as EncoderClass;

/** A kafkajs protocol request as built by a request's version function, ready to encode. */
export interface ProtocolRequest {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  encode(): Promise<{ buffer: Buffer }>;
}

export interface ProtocolResponse<T> {
  decode(raw: Buffer): Promise<T>;
  parse(decoded: T): Promise<T>;
}

/** One kafkajs request kind (src/protocol/requests/<name>): its versions and their codecs. */
export interface ProtocolDefinition<Args, Decoded> {
  versions: string[];
  protocol(query: { version: number }):
    | ((args: Args) => {
        request: ProtocolRequest;
        response: ProtocolResponse<Decoded>;
      })
    | undefined;
}

export interface TxnOffsetCommitArgs {
  transactionalId: string;
  groupId: string;
  producerId: string;
  producerEpoch: number;
  generationId?: number;
  memberId?: string;
  groupInstanceId?: string | null;
  topics: { topic: string; partitions: { partition: number; offset: string; metadata?: string | null }[] }[];
}

export interface TxnOffsetCommitDecoded {
  topics: { topic: string; partitions: { partition: number; errorCode: number }[] }[];
}

export interface OffsetFetchArgs {
  groupId: string;
  topics: { topic: string; partitions: { partition: number }[] }[] | null;
  requireStable?: boolean;
}

export interface OffsetFetchDecoded {
  errorCode: number;
  responses: {
    topic: string;
    partitions: { partition: number; offset: string; metadata: string | null; errorCode: number }[];
  }[];
}

/** kafkajs's TxnOffsetCommit request (v3 added by patches/kafkajs+2.2.4+005+…). */
export const loadTxnOffsetCommitRequest = (): ProtocolDefinition<
  TxnOffsetCommitArgs,
  TxnOffsetCommitDecoded
> =>
  load('kafkajs/src/protocol/requests/txnOffsetCommit') as ProtocolDefinition<
    TxnOffsetCommitArgs,
    TxnOffsetCommitDecoded
  >;

/** kafkajs's OffsetFetch request (v7 added by patches/kafkajs+2.2.4+005+…). */
export const loadOffsetFetchRequest = (): ProtocolDefinition<OffsetFetchArgs, OffsetFetchDecoded> =>
  load('kafkajs/src/protocol/requests/offsetFetch') as ProtocolDefinition<
    OffsetFetchArgs,
    OffsetFetchDecoded
  >;

/** One partition's part of a produce request, as kafkajs's sendMessages builds it. */
export interface ProducedPartition {
  partition: number;
  firstSequence: number;
  messages: { key?: string | null; value: string; partition?: number }[];
}

/** A produce request as kafkajs's sendMessages hands it to a broker. */
export interface ProduceRequest {
  producerId: number;
  producerEpoch: number;
  acks: number;
  topicData: { topic: string; partitions: ProducedPartition[] }[];
}

/** What a broker's produce call resolves to (kafkajs's parsed Produce response). */
export interface ProduceResponse {
  topics: {
    topicName: string;
    partitions: { partition: number; errorCode: number; baseOffset: string }[];
  }[];
}

export interface ProducingBroker extends TransactionBroker {
  produce(request: ProduceRequest): Promise<ProduceResponse>;
}

/** The cluster calls kafkajs's sendMessages makes, as far as the tests fake them. */
export interface ProducingCluster extends TransactionCluster {
  targetTopics: Set<string>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  findLeaderForPartitions(topic: string, partitions: (string | number)[]): Record<string, number[]>;
  findBroker(query: { nodeId: number | string }): Promise<ProducingBroker>;
  refreshMetadata(): Promise<void>;
  removeBroker(address: { host: string; port: number }): void;
  isConnected(): boolean;
  connect(): Promise<void>;
}

export type KafkajsRetrier = <T>(
  attempt: (bail: (error: Error) => void, retryCount: number, retryTime: number) => Promise<T>,
) => Promise<T>;

export interface SendMessagesFactory {
  (options: {
    logger: KafkajsLogger;
    cluster: ProducingCluster;
    partitioner: (query: { topic: string; message: { partition?: number } }) => number;
    eosManager: EosManager;
    retrier: KafkajsRetrier;
  }): (batch: {
    acks: number;
    topicMessages: {
      topic: string;
      messages: { key?: string | null; value: string; partition?: number }[];
    }[];
  }) => Promise<{ topicName: string; partition: number; baseOffset: string }[]>;
  /** Set by patches/kafkajs+2.2.4+007+…: acknowledgements kept per partition, attempts settled. */
  acknowledgesPerPartition?: boolean;
}

/** kafkajs's producer core that sends a batch to the partitions' leaders and retries (src/producer/sendMessages). */
export const loadSendMessages = (): SendMessagesFactory =>
  load('kafkajs/src/producer/sendMessages') as SendMessagesFactory;

/** kafkajs's retrier (src/retry), as its producer uses it. */
export const loadRetrier = (): ((options: {
  retries: number;
  initialRetryTime?: number;
  factor?: number;
  multiplier?: number;
  maxRetryTime?: number;
}) => KafkajsRetrier) => load('kafkajs/src/retry') as (options: { retries: number }) => KafkajsRetrier;

/** The parts of kafkajs's Cluster (src/cluster) a test adjusts to give a producer a second leader. */
export interface KafkajsCluster {
  findLeaderForPartitions(topic: string, partitions: (string | number)[]): Record<string, number[]>;
  findBroker(query: { nodeId: number | string }): Promise<KafkajsBroker>;
}

/** kafkajs's Broker (src/broker), as far as such a test uses it. */
export interface KafkajsBroker {
  nodeId: number;
  produce(request: ProduceRequest): Promise<ProduceResponse>;
}

/**
 * Lets a test adjust every Cluster the client makes from now on (each producer and consumer has
 * its own), through the client's private factory: the only way in, as kafkajs does not expose a
 * producer's cluster.
 */
export function adjustClusters(kafka: object, adjust: (cluster: KafkajsCluster) => void): void {
  const client = kafka as Record<symbol, (options: object) => KafkajsCluster>;
  const factory = Object.getOwnPropertySymbols(client).find(
    (symbol) => symbol.description === 'private:Kafka:createCluster',
  );
  if (!factory) throw new Error('kafkajs has no private cluster factory here: the test needs updating');
  const create = client[factory];
  client[factory] = (options: object) => {
    const cluster = create(options);
    adjust(cluster);
    return cluster;
  };
}

/**
 * Sets how often producers the client makes from now on retry (kafkajs keeps the client's retry
 * options privately): lets a test exhaust a producer's retries in milliseconds, not the minute the
 * hub's settings take.
 */
export function setClientRetry(kafka: object, retry: { retries: number; initialRetryTime: number }): void {
  const client = kafka as Record<symbol, unknown>;
  const key = Object.getOwnPropertySymbols(client).find(
    (symbol) => symbol.description === 'private:Kafka:clusterRetry',
  );
  if (!key) throw new Error('kafkajs has no private retry options here: the test needs updating');
  client[key] = retry;
}
