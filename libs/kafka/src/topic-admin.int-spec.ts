import { randomUUID } from 'node:crypto';

import { stackKafka } from '../../../test/support/local-stack';
import { createKafkaClient } from './kafka-client';
import { ensureTopics, TopicDeclaration } from './topic-admin';

/**
 * Every service declares its topics at start-up, often several at once on a fresh broker: the call must
 * come back only when the topics can be used, whoever created them, and grow a topic that needs more
 * partitions.
 */
describe(ensureTopics.name, () => {
  const kafka = createKafkaClient({
    clientId: 'it-topic-admin',
    ...stackKafka(),
  });
  const run = randomUUID().slice(0, 8);
  const declare = (count: number, partitions: number): TopicDeclaration[] =>
    Array.from({ length: count }, (_, i) => ({
      name: `it.topics.${run}.t${i}`,
      partitions,
      configs: { 'retention.ms': '3600000' },
    }));

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    const ours = (await admin.listTopics()).filter((topic) => topic.startsWith(`it.topics.${run}.`));
    await admin.deleteTopics({ topics: ours });
    await admin.disconnect();
  });

  it('creates many topics from several instances at once, each usable with a leader on every partition', async () => {
    const topics = declare(12, 3);
    const results = await Promise.all([ensureTopics(kafka, topics), ensureTopics(kafka, topics)]);
    expect(new Set(results.flat())).toEqual(new Set(topics.map((topic) => topic.name)));

    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: topics.map((topic) => topic.name) });
    await admin.disconnect();
    for (const topic of metadata.topics) {
      expect(topic.partitions).toHaveLength(3);
      expect(topic.partitions.every((partition) => partition.leader >= 0)).toBe(true);
    }
    // Usable at once: a send right after the call is acknowledged.
    const producer = kafka.producer();
    await producer.connect();
    const sent = await producer.send({
      topic: topics[11].name,
      acks: -1,
      messages: [{ key: 'k', value: 'v' }],
    });
    await producer.disconnect();
    expect(sent[0].errorCode).toBe(0);
  });

  it('creates nothing the second time and adds partitions where a declaration asks for more', async () => {
    expect(await ensureTopics(kafka, declare(12, 3))).toEqual([]);
    await ensureTopics(kafka, declare(1, 6));

    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [`it.topics.${run}.t0`] });
    await admin.disconnect();
    expect(metadata.topics[0].partitions).toHaveLength(6);
  });
});
