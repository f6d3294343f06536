import { randomUUID } from 'node:crypto';

import { hubMetrics } from '@hub/observability';

import { eventually } from '../../../test/support/eventually';
import { stackKafka } from '../../../test/support/local-stack';
import { createKafkaClient } from './kafka-client';
import { ensureTopics } from './topic-admin';

/**
 * A consumer group whose committed offset retention has deleted (a service stopped longer than its
 * topic keeps records): kafkajs moves it to the partition's first record and goes on. The records in
 * between are gone unread; the hub says so in an error line of its own and counts it
 * (hub_consumer_offset_resets_total), where before there was one kafkajs line and nothing to alert on.
 */
describe('a consumer group whose committed offset was deleted by retention', () => {
  const topic = `it.offset-reset.${randomUUID().slice(0, 8)}`;
  const groupId = `it-offset-reset-${randomUUID().slice(0, 8)}`;
  const logged: { level: string; entry: Record<string, unknown> }[] = [];
  const kafka = createKafkaClient({
    clientId: 'it-offset-reset',
    ...stackKafka(),
    log: (level, entry) => logged.push({ level, entry }),
  });

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('says that records were deleted unread, and counts it', async () => {
    await ensureTopics(kafka, [{ name: topic, partitions: 1, configs: { 'retention.ms': '3600000' } }]);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [0, 1, 2, 3, 4].map((n) => ({ key: 'k', value: `record ${n}` })),
    });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    // The group has read record 0; retention then deletes records 0-3 (as time-based retention would).
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '1' }] });
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '4' }] });
    await admin.disconnect();

    const before = (await hubMetrics().offsetResets.get()).values.find(
      (value) => value.labels.group === groupId,
    );
    expect(before).toBeUndefined();
    const read: string[] = [];
    const consumer = kafka.consumer({ groupId, readUncommitted: false });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        read.push(message.value?.toString() ?? '');
      },
    });
    try {
      await eventually('the record after the deleted ones read', async () =>
        read.includes('record 4') ? true : undefined,
      );
    } finally {
      await consumer.disconnect();
    }
    expect(read).toEqual(['record 4']);
    const lost = logged.filter(({ entry }) =>
      String(entry.msg).startsWith('committed offset not on the broker'),
    );
    expect(lost.map(({ level, entry }) => [level, entry.topic, entry.partition, entry.groupId])).toEqual([
      ['error', topic, 0, groupId],
    ]);
    const counted = (await hubMetrics().offsetResets.get()).values.find(
      (value) => value.labels.group === groupId && value.labels.topic === topic,
    );
    expect(counted?.value).toBe(1);
  }, 60_000);
});
