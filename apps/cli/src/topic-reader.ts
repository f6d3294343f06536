import { randomUUID } from 'node:crypto';

import type { Consumer, Kafka, KafkaMessage } from '@hub/kafka';

/**
 * Runs `use` with a consumer in a group of its own and deletes that group afterwards. kafkajs cannot
 * read without a group (no assign()), and a group left behind lingers on the broker and shows as lag
 * of a `hub-*` group in the monitor. The consumer must run with `autoCommit: false`: with no offsets
 * committed, a group that a killed run could not delete is one the broker drops by itself.
 */
export async function withThrowawayGroup<T>(
  kafka: Kafka,
  purpose: string,
  use: (consumer: Consumer) => Promise<T>,
): Promise<T> {
  const groupId = `hub-cli-${purpose}-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  try {
    await consumer.connect();
    return await use(consumer);
  } finally {
    await consumer.disconnect();
    await deleteGroup(kafka, groupId);
  }
}

/** Whether a failed DeleteGroups says only that the group is not there (never joined, or gone). */
function onlyNotFound(error: unknown): boolean {
  const groups = (error as { groups?: { error?: { type?: string } }[] }).groups;
  return groups !== undefined && groups.every((group) => group.error?.type === 'GROUP_ID_NOT_FOUND');
}

/**
 * Deletes a group its consumer has just left. The coordinator may still be completing the leave
 * (NON_EMPTY_GROUP) for a moment, so it tries again until a deadline; then it says so on standard
 * error rather than failing the command (its output was fine) or hiding why the read itself failed.
 */
async function deleteGroup(kafka: Kafka, groupId: string, timeoutMs = 10_000): Promise<void> {
  const admin = kafka.admin();
  const deadline = Date.now() + timeoutMs;
  try {
    await admin.connect();
    for (;;) {
      try {
        await admin.deleteGroups([groupId]);
        return;
      } catch (error) {
        if (onlyNotFound(error)) return;
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } catch (error) {
    process.stderr.write(`could not delete consumer group ${groupId}: ${(error as Error).message}\n`);
  } finally {
    await admin.disconnect();
  }
}

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
  await withThrowawayGroup(kafka, 'read', async (consumer) => {
    let lastMessageAt: number | undefined;
    const startedAt = Date.now();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
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
  });
}
