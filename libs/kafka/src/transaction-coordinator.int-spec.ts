import { randomUUID } from 'node:crypto';

import { eventually } from '../../../test/support/eventually';
import { stackKafka } from '../../../test/support/local-stack';
import { createKafkaClient } from './kafka-client';
import { ensureTopics } from './topic-admin';

/** Kafka's api key of FindCoordinator (kafkajs names the request GroupCoordinator). */
const FIND_COORDINATOR = 10;
const END_TXN = 26;

/**
 * Back-to-back transactions of one transactional producer, as a consumer's partition makes them:
 * with the patched kafkajs (patches/kafkajs+2.2.4+002+…) the producer finds its transaction
 * coordinator once instead of before every AddPartitionsToTxn and EndTxn, and every transaction
 * still commits.
 */
describe('a transactional producer running many transactions', () => {
  const kafka = createKafkaClient({
    clientId: 'it-transaction-coordinator',
    ...stackKafka(),
  });
  const topic = `it.txn-coordinator.${randomUUID().slice(0, 8)}`;
  const TRANSACTIONS = 20;

  it('commits them all, finding the coordinator only for the first', async () => {
    await ensureTopics(kafka, [{ name: topic, partitions: 2, configs: {} }]);
    const producer = kafka.producer({
      transactionalId: `${topic}.tx`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    const requests = new Map<number, number>();
    producer.on(producer.events.REQUEST, ({ payload }) =>
      requests.set(payload.apiKey, (requests.get(payload.apiKey) ?? 0) + 1),
    );
    const written: string[] = [];
    // The first transaction finds the coordinator, maybe more than once on a new broker (while it
    // creates its transaction log, FindCoordinator answers COORDINATOR_NOT_AVAILABLE and is retried).
    let afterFirst = new Map<number, number>();
    await producer.connect();
    try {
      for (let n = 0; n < TRANSACTIONS; n++) {
        const transaction = await producer.transaction();
        const values = [0, 1].map((partition) => `txn-${n}-p${partition}`);
        // One record to each partition, so every transaction adds partitions and ends on the coordinator.
        await transaction.send({ topic, messages: values.map((value, partition) => ({ value, partition })) });
        await transaction.commit();
        written.push(...values);
        if (n === 0) afterFirst = new Map(requests);
      }
    } finally {
      await producer.disconnect();
    }

    const since = (apiKey: number): number => (requests.get(apiKey) ?? 0) - (afterFirst.get(apiKey) ?? 0);
    expect(since(END_TXN)).toBe(TRANSACTIONS - 1);
    // Unpatched: one before every AddPartitionsToTxn and EndTxn (38 here).
    expect(since(FIND_COORDINATOR)).toBe(0);

    const seen: string[] = [];
    const consumer = kafka.consumer({
      groupId: `it-txn-coordinator-${randomUUID()}`,
      readUncommitted: false,
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        seen.push(message.value?.toString() ?? '');
        return Promise.resolve();
      },
    });
    try {
      await eventually(
        'every committed record',
        async () => (seen.length >= written.length ? true : undefined),
        {
          timeoutMs: 20_000,
        },
      );
    } finally {
      await consumer.disconnect();
    }
    expect([...seen].sort()).toEqual([...written].sort());
  }, 90_000);
});
