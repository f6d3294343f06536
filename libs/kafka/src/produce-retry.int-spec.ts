import { randomUUID } from 'node:crypto';

import { KafkaJSConnectionError } from 'kafkajs';

import { eventually } from '../../../test/support/eventually';
import { stackKafka } from '../../../test/support/local-stack';
import { createKafkaClient } from './kafka-client';
import { adjustClusters, KafkajsBroker, KafkajsCluster } from './kafkajs-internals';
import { ensureTopics } from './topic-admin';

/** The node id the producer is told leads partition 1: its real leader, reached as another broker. */
const SECOND_BROKER = '1001';

/**
 * What a Kafka broker SIGKILLed under the router did on the three-node cluster (`npm run faults`,
 * kafka-broker-kill: 135 routed copies committed twice), made small enough for the one broker of
 * the test profile. A transaction's records go to two leaders; the request to one fails (its
 * connection broke) while the other's answer is still on its way (a leader waits for its followers
 * before it answers). kafkajs 2.2.4 planned its retry at once, counted the request still in flight
 * as unanswered and sent its records again, with the next sequence numbers: the broker appended
 * them as new records, and the transaction committed them twice.
 * patches/kafkajs+2.2.4+007+produce-retry-per-partition.patch lets every request settle first and
 * retries only the partitions not acknowledged.
 *
 * The producer is told partition 1's leader is another broker ("1001"): its real leader (on the
 * test profile the one broker, which leads partition 0 too) reached as a second one, whose first
 * request fails as on a connection the broker's death broke. Everything else is real: the producer id and sequence
 * numbers, the transaction, what the broker appends, the read-committed consumer reading it back.
 */
describe('a transaction whose produce request to one broker fails while another is in flight', () => {
  const security = stackKafka();
  const topic = `it.produce-retry.${randomUUID().slice(0, 8)}`;
  const reader = createKafkaClient({ clientId: 'it-produce-retry-reader', ...security });

  it('commits every record once', async () => {
    await ensureTopics(reader, [{ name: topic, partitions: 2, configs: {} }]);
    const writer = createKafkaClient({ clientId: 'it-produce-retry', ...security });

    let secondBrokerRequests = 0;
    let firstBrokerAnswers: () => void = () => undefined;
    const firstBrokerAnswered = new Promise<void>((resolve) => (firstBrokerAnswers = resolve));
    adjustClusters(writer, (cluster) => withSecondLeader(cluster));

    function withSecondLeader(cluster: KafkajsCluster): void {
      const findLeaders = cluster.findLeaderForPartitions.bind(cluster);
      const findBroker = cluster.findBroker.bind(cluster);
      const paths = new Map<KafkajsBroker, { first: KafkajsBroker; second: KafkajsBroker }>();
      cluster.findLeaderForPartitions = (name, partitions) => {
        const leaders = findLeaders(name, partitions);
        if (name !== topic) return leaders;
        const adjusted: Record<string, number[]> = {};
        for (const [leader, led] of Object.entries(leaders)) {
          const kept = led.filter((partition) => partition !== 1);
          if (kept.length > 0) adjusted[leader] = kept;
          if (kept.length < led.length) adjusted[SECOND_BROKER] = [1];
        }
        return adjusted;
      };
      cluster.findBroker = async ({ nodeId }) => {
        const second = String(nodeId) === SECOND_BROKER;
        const realLeader = Object.keys(findLeaders(topic, [1]))[0];
        const broker = await findBroker({ nodeId: second ? realLeader : nodeId });
        const path = paths.get(broker) ?? {
          // Answers only once broker "1001" has been asked again (kafkajs 2.2.4 retried while this
          // answer was on its way) or two seconds have passed (the patched one waits for it).
          first: Object.assign(Object.create(broker) as KafkajsBroker, {
            produce: async (request: Parameters<KafkajsBroker['produce']>[0]) => {
              const response = await broker.produce(request);
              await firstBrokerAnswered;
              return response;
            },
          }),
          // Its first request fails as on a connection the broker's death broke.
          second: Object.assign(Object.create(broker) as KafkajsBroker, {
            nodeId: Number(SECOND_BROKER),
            produce: async (request: Parameters<KafkajsBroker['produce']>[0]) => {
              secondBrokerRequests += 1;
              if (secondBrokerRequests === 1)
                throw new KafkaJSConnectionError('Connection error: read ECONNRESET');
              return broker.produce(request);
            },
          }),
        };
        paths.set(broker, path);
        return second ? path.second : path.first;
      };
    }

    const producer = writer.producer({
      transactionalId: `${topic}.tx`,
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { initialRetryTime: 10, retries: 5 },
    });
    const run = randomUUID().slice(0, 8);
    const records = [
      { partition: 0, value: `${run}-a` },
      { partition: 0, value: `${run}-b` },
      { partition: 1, value: `${run}-c` },
    ];
    await producer.connect();
    try {
      const transaction = await producer.transaction();
      const sent = transaction.send({ topic, messages: records });
      const retriedOrWaited = Date.now() + 2_000;
      await eventually(
        'broker "1001" asked again, or the time kafkajs may take to do so',
        async () => (secondBrokerRequests >= 2 || Date.now() > retriedOrWaited ? true : undefined),
        { timeoutMs: 10_000, intervalMs: 20 },
      );
      firstBrokerAnswers();
      await sent;
      await transaction.commit();
    } finally {
      await producer.disconnect();
    }
    // The failure was struck: the request to broker "1001" failed and was sent again.
    expect(secondBrokerRequests).toBe(2);

    // A last transaction behind it on both partitions: once a reader has its records, it has read
    // everything before them, a copy committed twice included.
    const closing = reader.producer({
      transactionalId: `${topic}.closing`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await closing.connect();
    try {
      const transaction = await closing.transaction();
      await transaction.send({
        topic,
        messages: [0, 1].map((partition) => ({ partition, value: `${run}-end` })),
      });
      await transaction.commit();
    } finally {
      await closing.disconnect();
    }

    const seen: { partition: number; value: string }[] = [];
    const consumer = reader.consumer({ groupId: `it-produce-retry-${randomUUID()}`, readUncommitted: false });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        seen.push({ partition, value: message.value?.toString() ?? '' });
        return Promise.resolve();
      },
    });
    try {
      await eventually(
        'the closing records on both partitions',
        async () => (seen.filter(({ value }) => value === `${run}-end`).length === 2 ? true : undefined),
        { timeoutMs: 20_000 },
      );
    } finally {
      await consumer.disconnect();
    }
    const written = seen.filter(({ value }) => value !== `${run}-end`);
    expect(written.sort((x, y) => x.partition - y.partition || x.value.localeCompare(y.value))).toEqual(
      records,
    );
  }, 60_000);
});
