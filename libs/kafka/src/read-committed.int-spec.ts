import { randomUUID } from 'node:crypto';

import { eventually } from '../../../test/support/eventually';
import { stackKafka } from '../../../test/support/local-stack';
import { createKafkaClient } from './kafka-client';
import { ensureTopics } from './topic-admin';

/**
 * What a restarted router does to a killed one's open transactions, on one output partition: two
 * producers' transactions interleave, and they are aborted in another order than they began. The
 * broker then lists the aborts out of order; a read-committed consumer must still see none of them.
 */
describe('a read-committed consumer after out-of-order aborts', () => {
  const kafka = createKafkaClient({
    clientId: 'it-read-committed',
    ...stackKafka(),
  });
  const topic = `it.read-committed.${randomUUID().slice(0, 8)}`;

  it('sees only the committed records', async () => {
    await ensureTopics(kafka, [{ name: topic, partitions: 1, configs: {} }]);
    const [first, second] = [1, 2].map((n) =>
      kafka.producer({ transactionalId: `${topic}.${n}`, idempotent: true, maxInFlightRequests: 1 }),
    );
    await Promise.all([first.connect(), second.connect()]);
    try {
      const begunFirst = await first.transaction();
      const begunSecond = await second.transaction();
      await begunFirst.send({ topic, messages: [0, 1, 2].map((n) => ({ value: `aborted-first-${n}` })) });
      await begunSecond.send({ topic, messages: [0, 1, 2].map((n) => ({ value: `aborted-second-${n}` })) });
      await begunSecond.abort();
      await begunFirst.abort();
      const committed = await first.transaction();
      await committed.send({ topic, messages: [{ value: 'committed' }] });
      await committed.commit();
    } finally {
      await Promise.all([first.disconnect(), second.disconnect()]);
    }

    const seen: string[] = [];
    const consumer = kafka.consumer({ groupId: `it-read-committed-${randomUUID()}`, readUncommitted: false });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        seen.push(message.value?.toString() ?? '');
        return Promise.resolve();
      },
    });
    try {
      await eventually('the committed record', async () => (seen.includes('committed') ? true : undefined), {
        timeoutMs: 20_000,
      });
    } finally {
      await consumer.disconnect();
    }
    expect(seen).toEqual(['committed']);
  }, 60_000);
});
