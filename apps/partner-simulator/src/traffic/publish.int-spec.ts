import { randomUUID } from 'node:crypto';

import { loadHubCodec } from '@hub/contracts';
import { createKafkaClient, toConsumedRecord, type ConsumedRecord } from '@hub/kafka';

import { stackKafka } from '../../../../test/support/local-stack';
import { producerSink, publishMessages } from './publish';
import { generateWorkload } from './workload';

/**
 * The router judges a partner message on its record's time (create-time inbound topics on the local
 * profiles), so the simulator's storylines, dated from 2025-03-03, are judged under the agreements in
 * force then only if every publisher keeps each record's simulated time. The broker-restart spec and
 * the fault matrix once published the workload through a sink of their own that dropped it: judged on
 * today's date, the 2025 agreements had expired and the incomplete recommendations they should have
 * rejected (with a receipt to the a-kasse) were routed instead. Read back from the real broker here.
 */
describe('the workload published through producerSink', () => {
  const kafka = createKafkaClient({ clientId: 'it-workload-sink', ...stackKafka() });
  const topic = `it.workload-sink.${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
  });

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it("reaches the broker with each message's simulated time as the record time", async () => {
    const { messages } = generateWorkload(
      { seed: 1302, count: 20, runId: randomUUID(), badShare: 0 },
      loadHubCodec(),
    );
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const sink = producerSink(producer);
      // This test's own topic instead of the partners' inbound topics, which a router would judge.
      await publishMessages(
        { send: (records) => sink.send(records.map((r) => ({ ...r, topic }))) },
        messages,
      );
    } finally {
      await producer.disconnect();
    }

    const consumer = kafka.consumer({ groupId: `it-workload-sink-${randomUUID()}`, readUncommitted: false });
    const seen: ConsumedRecord[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          seen.push(toConsumedRecord(topic, partition, message));
        },
      });
      const deadline = Date.now() + 30_000;
      while (seen.length < messages.length) {
        if (Date.now() > deadline) throw new Error(`${seen.length} of ${messages.length} records read back`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await consumer.disconnect();
    }

    expect(seen.map((record) => new Date(record.timestamp).toISOString())).toEqual(
      messages.map((message) => new Date(message.queuedAt).toISOString()),
    );
    expect(messages[0].queuedAt.startsWith('2025-')).toBe(true);
  });
});
