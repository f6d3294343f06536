import { randomUUID } from 'node:crypto';

import { PermanentError } from '@hub/common';
import { KafkaJSConnectionError } from 'kafkajs';

import { batchCodecAt } from '../../../test/support/kafka-log';
import { collect } from '../../../test/support/kafka-topics';
import { stackKafka } from '../../../test/support/local-stack';
import { HubProducer } from './hub-producer';
import { createKafkaClient } from './kafka-client';
import { adjustClusters, KafkajsBroker, setClientRetry } from './kafkajs-internals';
import { MAX_PRODUCED_RECORD_BYTES } from './record-limits';
import { ensureTopics } from './topic-admin';

/**
 * HubProducer on the real broker: what it sends is stored gzip-compressed (or not, as the client is
 * set), and a record over the limit is refused before anything of its request is sent.
 */
describe(HubProducer.name, () => {
  const topic = `it.hub-producer.${randomUUID().slice(0, 8)}`;
  const clients = {
    gzip: createKafkaClient({ clientId: 'it-hub-producer-gzip', ...stackKafka(), compression: 'gzip' }),
    none: createKafkaClient({ clientId: 'it-hub-producer-none', ...stackKafka(), compression: 'none' }),
  };
  const producers = { gzip: new HubProducer(clients.gzip), none: new HubProducer(clients.none) };

  beforeAll(async () => {
    await ensureTopics(clients.gzip, [
      { name: topic, partitions: 1, configs: { 'retention.ms': '3600000' } },
    ]);
  });

  afterAll(async () => {
    await Promise.all([producers.gzip.disconnect(), producers.none.disconnect()]);
    const admin = clients.gzip.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  const endOffset = async (): Promise<bigint> => {
    const admin = clients.gzip.admin();
    await admin.connect();
    try {
      const [{ high }] = await admin.fetchTopicOffsets(topic);
      return BigInt(high);
    } finally {
      await admin.disconnect();
    }
  };

  it.each(['gzip', 'none'] as const)(
    'stores what it sends with the codec its client is set to: %s',
    async (codec) => {
      const before = await endOffset();
      await producers[codec].send([{ topic, key: 'k', value: Buffer.alloc(10_000, 'compressible ') }]);
      expect(await endOffset()).toBe(before + 1n);
      expect(batchCodecAt(topic, 0, before)).toBe(codec);
    },
  );

  it('refuses a record over the limit before sending anything of the request', async () => {
    const before = await endOffset();
    const sending = producers.gzip.send([
      { topic, key: 'small', value: Buffer.from('fits') },
      { topic, key: 'large', value: Buffer.alloc(MAX_PRODUCED_RECORD_BYTES, 'x') },
    ]);
    await expect(sending).rejects.toThrow(PermanentError);
    await expect(sending).rejects.toMatchObject({ code: 'OUTPUT_TOO_LARGE' });
    expect(await endOffset()).toBe(before);
  });

  it('sends what it was handed before disconnecting, and refuses a send after', async () => {
    // A producer of its own: disconnecting it must not end the other tests' producers.
    const stopping = new HubProducer(clients.none);
    const before = await endOffset();
    const handedOver = [1, 2, 3].map((n) =>
      stopping.send([{ topic, key: 'stopping', value: Buffer.from(`handed over ${n}`) }]),
    );
    const disconnected = stopping.disconnect();
    await expect(Promise.all(handedOver)).resolves.toBeDefined();
    await disconnected;
    expect(await endOffset()).toBe(before + 3n);
    await expect(stopping.send([{ topic, key: 'late', value: Buffer.from('after') }])).rejects.toThrow(
      /disconnected/,
    );
    expect(await endOffset()).toBe(before + 3n);
  });
});

/**
 * What a broker restart under load does to a publisher (seen in CI: the broker-restart spec of
 * test/e2e/service-restarts.e2e-spec.ts waited for 603 delivery events an adapter never published).
 * A send whose every attempt the broker appended but whose answers were lost (its connection died
 * with the broker) fails to the caller once the producer's retries are spent. kafkajs then hands the
 * same sequence numbers to the next send: the broker refuses a send of another size as out of order
 * (OUT_OF_ORDER_SEQUENCE_NUMBER), for good, and takes one of the same size for a copy of the failed
 * one and drops it (answering success). After a failed send, HubProducer starts afresh with a new
 * producer id: what follows is stored, and what the failed send appended may be stored twice (the
 * hub's consumers are idempotent on its deterministic ids).
 */
describe('HubProducer after a send that failed once the broker had appended it', () => {
  const topic = `it.hub-producer-lost.${randomUUID().slice(0, 8)}`;
  const kafka = createKafkaClient({
    clientId: 'it-hub-producer-lost',
    ...stackKafka(),
    log: () => undefined,
  });
  // Retries spent in milliseconds rather than the minute the hub's settings take.
  setClientRetry(kafka, { retries: 1, initialRetryTime: 20 });
  /** How many of the broker's next answers to produce requests are lost (what they carried is appended). */
  let answersToLose = 0;
  adjustClusters(kafka, (cluster) => {
    const findBroker = cluster.findBroker.bind(cluster);
    cluster.findBroker = async (query) => {
      const broker = await findBroker(query);
      return Object.assign(Object.create(broker) as KafkajsBroker, {
        produce: async (request: Parameters<KafkajsBroker['produce']>[0]) => {
          const response = await broker.produce(request);
          if (answersToLose > 0) {
            answersToLose -= 1;
            throw new KafkaJSConnectionError('Connection error: read ECONNRESET');
          }
          return response;
        },
      });
    };
  });
  const producer = new HubProducer(kafka);
  const run = randomUUID().slice(0, 8);
  const records = (...names: string[]) =>
    names.map((name) => ({ topic, key: 'one partition', value: Buffer.from(`${run}-${name}`) }));

  beforeAll(async () => {
    await ensureTopics(kafka, [{ name: topic, partitions: 1, configs: { 'retention.ms': '3600000' } }]);
  });

  afterAll(async () => {
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('stores what is sent next, of another size or of the same size', async () => {
    await producer.send(records('a1', 'a2'));
    answersToLose = Infinity;
    await expect(producer.send(records('b1', 'b2'))).rejects.toThrow();
    answersToLose = 0;
    // The outbox's way: the failed records again with what settled meanwhile (another size) ...
    await producer.send(records('b1', 'b2', 'c1'));
    answersToLose = Infinity;
    await expect(producer.send(records('d1', 'd2'))).rejects.toThrow();
    answersToLose = 0;
    // ... and other records of the failed send's size.
    await producer.send(records('e1', 'e2'));

    const expected = ['a1', 'a2', 'b1', 'b2', 'c1', 'd1', 'd2', 'e1', 'e2'].map((name) => `${run}-${name}`);
    const seen = await collect(
      kafka,
      topic,
      () => true,
      (list) => list.some((record) => record.value.toString() === `${run}-e2`),
      { timeoutMs: 20_000 },
    );
    const stored = new Set(seen.map((record) => record.value.toString()));
    expect(expected.filter((value) => !stored.has(value))).toEqual([]);
  }, 60_000);

  it('stores both of two sends made at once when the answer to the first request is lost', async () => {
    // kafkajs handed a failed request's sequence numbers to a request of another send waiting for the
    // broker, which the broker took for a copy of the failed one (same size) and dropped.
    answersToLose = 1;
    const sends = [records('f1', 'f2'), records('g1', 'g2')];
    const outcomes = await Promise.allSettled(sends.map((sent) => producer.send(sent)));
    answersToLose = 0;
    // A caller whose send failed sends it again, as every caller of HubProducer does.
    for (const [index, outcome] of outcomes.entries())
      if (outcome.status === 'rejected') await producer.send(sends[index]);
    await producer.send(records('h1'));

    const expected = ['f1', 'f2', 'g1', 'g2'].map((name) => `${run}-${name}`);
    const seen = await collect(
      kafka,
      topic,
      () => true,
      (list) => list.some((record) => record.value.toString() === `${run}-h1`),
      { timeoutMs: 20_000 },
    );
    const stored = new Set(seen.map((record) => record.value.toString()));
    expect(expected.filter((value) => !stored.has(value))).toEqual([]);
  }, 60_000);
});
