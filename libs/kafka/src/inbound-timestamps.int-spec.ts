import { randomUUID } from 'node:crypto';

import { stackKafka } from '../../../test/support/local-stack';
import { createKafkaClient } from './kafka-client';
import { toConsumedRecord, type ConsumedRecord } from './records';
import { alignTopicConfigs, describeTopicConfig, ensureTopics } from './topic-admin';

const TIMESTAMP_TYPE = 'message.timestamp.type';
const BACKDATED = Date.parse('2025-03-03T08:15:00.000Z');

/**
 * The router judges on the inbound record's timestamp (HUB_INBOUND_TIMESTAMPS). On a LogAppendTime
 * topic the broker's time of append must win over whatever the producer (a partner) put in the
 * record; on a CreateTime topic the producer's time is kept, which is how the tests replay dates.
 */
describe('inbound record timestamps on the real broker', () => {
  const kafka = createKafkaClient({ clientId: 'it-inbound-timestamps', ...stackKafka() });
  const run = randomUUID().slice(0, 8);
  const topic = (name: string) => `it.timestamps.${run}.${name}`;

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    const ours = (await admin.listTopics()).filter((name) => name.startsWith(`it.timestamps.${run}.`));
    await admin.deleteTopics({ topics: ours });
    await admin.disconnect();
  });

  /** Sends one record claiming BACKDATED as its time and reads it back as the router would. */
  async function sendBackdatedAndRead(name: string): Promise<ConsumedRecord> {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic: name,
      acks: -1,
      messages: [{ key: 'k', value: 'backdated', timestamp: String(BACKDATED) }],
    });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: `it-timestamps-${randomUUID()}`, readUncommitted: false });
    const seen: ConsumedRecord[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: name, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ topic: from, partition, message }) => {
          seen.push(toConsumedRecord(from, partition, message));
        },
      });
      const deadline = Date.now() + 30_000;
      while (seen.length === 0) {
        if (Date.now() > deadline) throw new Error(`no record read back from ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await consumer.disconnect();
    }
    return seen[0];
  }

  it("gives the router the broker's time on a LogAppendTime topic, whatever time the producer claims", async () => {
    const name = topic('log-append');
    await ensureTopics(kafka, [{ name, partitions: 1, configs: { [TIMESTAMP_TYPE]: 'LogAppendTime' } }]);
    const before = Date.now();
    const record = await sendBackdatedAndRead(name);
    // The broker runs on this machine: its clock and the test's agree to well under a minute.
    expect(record.timestamp).toBeGreaterThan(before - 60_000);
    expect(record.timestamp).not.toBe(BACKDATED);
    expect(await describeTopicConfig(kafka, [name], TIMESTAMP_TYPE)).toEqual(
      new Map([[name, 'LogAppendTime']]),
    );
  });

  it("keeps the producer's time on a CreateTime topic: how the local profiles replay past dates", async () => {
    const name = topic('create');
    await ensureTopics(kafka, [{ name, partitions: 1, configs: { [TIMESTAMP_TYPE]: 'CreateTime' } }]);
    expect((await sendBackdatedAndRead(name)).timestamp).toBe(BACKDATED);
  });

  it("changes an existing topic's timestamp type when its declaration says another, keeping its other settings", async () => {
    const name = topic('retimed');
    await ensureTopics(kafka, [
      { name, partitions: 1, configs: { [TIMESTAMP_TYPE]: 'CreateTime', 'retention.ms': '3600000' } },
    ]);
    const declared = [{ name, partitions: 1, configs: { [TIMESTAMP_TYPE]: 'LogAppendTime' } }];
    expect(await alignTopicConfigs(kafka, declared)).toEqual([name]);
    expect(await alignTopicConfigs(kafka, declared)).toEqual([]);
    expect(await describeTopicConfig(kafka, [name], TIMESTAMP_TYPE)).toEqual(
      new Map([[name, 'LogAppendTime']]),
    );
    expect(await describeTopicConfig(kafka, [name], 'retention.ms')).toEqual(new Map([[name, '3600000']]));
    expect((await sendBackdatedAndRead(name)).timestamp).not.toBe(BACKDATED);
  });
});
