import { randomUUID } from 'node:crypto';

import type { Kafka, KafkaMessage } from '@hub/kafka';

/**
 * Reads a topic from its beginning to its end as of the start of the read, then stops: what an
 * operator's listing needs. Transactional producers leave commit markers that take offsets but are
 * never delivered, so a partition can end on an offset no message reaches; the read therefore also
 * ends once messages have stopped arriving for `quietMs`.
 */
export async function readTopicToEnd(
  kafka: Kafka,
  topic: string,
  onMessage: (partition: number, message: KafkaMessage) => void,
  { timeoutMs = 60_000, quietMs = 2_000 }: { timeoutMs?: number; quietMs?: number } = {},
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(
    ends
      .filter((end) => BigInt(end.high) > BigInt(end.low))
      .map((end) => [end.partition, BigInt(end.high) - 1n]),
  );
  if (remaining.size === 0) return;
  const consumer = kafka.consumer({ groupId: `hub-cli-read-${randomUUID()}`, readUncommitted: false });
  await consumer.connect();
  let lastMessageAt: number | undefined;
  const startedAt = Date.now();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const last = remaining.get(partition);
        if (last === undefined) return;
        lastMessageAt = Date.now();
        onMessage(partition, message);
        if (BigInt(message.offset) >= last) remaining.delete(partition);
      },
    });
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (remaining.size === 0) return;
      if (lastMessageAt !== undefined && Date.now() - lastMessageAt > quietMs) return;
      if (Date.now() - startedAt > timeoutMs)
        throw new Error(`reading ${topic} took longer than ${timeoutMs / 1000}s`);
    }
  } finally {
    await consumer.disconnect();
  }
}
