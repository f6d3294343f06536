import { loadHubCodec } from '@hub/contracts';
import { createKafkaClient } from '@hub/kafka';
import type { KafkaClientSecurity, OutgoingRecord, Producer } from '@hub/kafka';

import { GeneratedMessage, WorkloadOptions, workloadMessages } from './workload';

/** Where records go: HubProducer, or anything with the same `send`. */
export interface RecordSink {
  send(records: OutgoingRecord[]): Promise<void>;
}

export interface PublishOptions {
  /** Messages per second; 0 or absent: as fast as the broker takes them. */
  rate?: number;
  /** Most records per send when publishing flat out. Default 500. */
  batchSize?: number;
  /** Called after each send with the messages sent so far. */
  onProgress?: (published: number, last: GeneratedMessage) => void;
  /** Checked between sends: publishing stops (resolving) once it returns true. */
  stopped?: () => boolean;
  /** How long to wait before retrying a failed send (a broker restarting, a topic not yet created). */
  retryDelayMs?: number;
  /** Failed sends in a row before giving up. Default 20. */
  maxRetries?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface PublishResult {
  published: number;
  durationMs: number;
  stopped: boolean;
}

/**
 * The record a simulated partner publishes, stamped with its simulated queuedAt: on the local profiles'
 * create-time inbound topics that is the hub's clock, so the storylines replay months 1-6 as dated
 * (HUB_INBOUND_TIMESTAMPS); a log-append-time topic overwrites it with the broker's time.
 */
export function toRecord(message: GeneratedMessage): OutgoingRecord {
  return {
    topic: message.topic,
    key: message.key,
    value: message.bytes,
    headers: message.headers,
    timestamp: Date.parse(message.queuedAt),
  };
}

/**
 * A partner's own producer as a RecordSink: one batch per send (every record acknowledged by all
 * in-sync replicas), each record keeping its time. The time is what the router judges on (on a
 * create-time inbound topic), so a sink that drops it has the workload's 2025 storylines judged on
 * today's date: their agreements have expired and their intended rejections are routed instead.
 * Every publisher of the workload outside the simulator (benchmark, fault matrix, tests) uses this.
 */
export function producerSink(producer: Pick<Producer, 'sendBatch'>): RecordSink {
  return {
    send: async (records) => {
      const byTopic = new Map<string, OutgoingRecord[]>();
      for (const record of records) byTopic.set(record.topic, [...(byTopic.get(record.topic) ?? []), record]);
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic.entries()].map(([topic, list]) => ({
          topic,
          messages: list.map(({ key, value, headers, timestamp }) => ({
            key,
            value,
            headers,
            ...(timestamp === undefined ? {} : { timestamp: String(timestamp) }),
          })),
        })),
      });
    },
  };
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes messages as partners would, each on its own partner's inbound topic, at `rate` messages
 * per second (sent in small batches on a steady clock, so a slow send does not lower the average).
 * A failed send is retried as it was (the producer is idempotent; a duplicate message id is dropped
 * by the hub), so a broker that restarts mid-run only delays the traffic.
 */
export async function publishMessages(
  sink: RecordSink,
  messages: Iterable<GeneratedMessage>,
  options: PublishOptions = {},
): Promise<PublishResult> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const rate = options.rate && options.rate > 0 ? options.rate : 0;
  const batchSize =
    rate > 0
      ? Math.max(1, Math.min(options.batchSize ?? 500, Math.ceil(rate / 10)))
      : (options.batchSize ?? 500);
  const started = now();
  let published = 0;
  let batch: GeneratedMessage[] = [];

  const flush = async (): Promise<boolean> => {
    if (batch.length === 0) return true;
    for (let failures = 0; ; failures++) {
      if (options.stopped?.()) return false;
      try {
        await sink.send(batch.map(toRecord));
        break;
      } catch (error) {
        if (failures + 1 >= (options.maxRetries ?? 20)) throw error;
        await sleep(options.retryDelayMs ?? 1_000);
      }
    }
    published += batch.length;
    options.onProgress?.(published, batch[batch.length - 1]);
    batch = [];
    return true;
  };

  for (const message of messages) {
    if (options.stopped?.()) return { published, durationMs: now() - started, stopped: true };
    batch.push(message);
    if (batch.length < batchSize) continue;
    if (rate > 0) {
      // The batch is due when the clock reaches the time of its last message at the given rate.
      const dueAt = started + ((published + batch.length) / rate) * 1000;
      const wait = dueAt - now();
      if (wait > 0) await sleep(wait);
    }
    if (!(await flush())) return { published, durationMs: now() - started, stopped: true };
  }
  if (rate > 0 && batch.length > 0) {
    const wait = started + ((published + batch.length) / rate) * 1000 - now();
    if (wait > 0) await sleep(wait);
  }
  const complete = await flush();
  return { published, durationMs: now() - started, stopped: !complete };
}

export interface ProduceWorkloadOptions extends WorkloadOptions {
  /** Kafka brokers, host:port. */
  brokers: string[];
  /** TLS and SCRAM, for a secured broker (as the partner simulator's principal, or an operator's). */
  security?: KafkaClientSecurity;
  rate?: number;
  clientId?: string;
  onProgress?: PublishOptions['onProgress'];
}

/**
 * For the benchmark and scripts: generates a workload and publishes it to the given brokers with a
 * producer of its own, then disconnects. Returns how many were published and how long it took.
 */
export async function produceWorkload(options: ProduceWorkloadOptions): Promise<PublishResult> {
  const kafka = createKafkaClient({
    clientId: options.clientId ?? 'partner-simulator-workload',
    brokers: options.brokers,
    security: options.security,
  });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  try {
    return await publishMessages(producerSink(producer), workloadMessages(options, loadHubCodec()), {
      rate: options.rate,
      onProgress: options.onProgress,
    });
  } finally {
    await producer.disconnect();
  }
}
