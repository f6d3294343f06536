import { randomUUID } from 'node:crypto';

import { createKafkaClient, type Kafka, type KafkaMessage } from '@hub/kafka';

import { stackKafka } from './local-stack';

/** A Kafka client for a test, as the operator unless told otherwise (stackKafka). */
export function testKafka(principal?: string): Kafka {
  return createKafkaClient({
    clientId: `e2e-${randomUUID().slice(0, 8)}`,
    ...stackKafka(principal),
    log: () => undefined,
  });
}

export interface SeenRecord {
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  value: Buffer;
}

/**
 * Reads a topic from the beginning as a read-committed consumer would, keeping the records `keep`
 * accepts, until `done` says enough arrived; then waits `settleMs` more so that a duplicate arriving
 * just after would be seen too. Fails with what it saw if `done` is not reached in time.
 */
export async function collect(
  kafka: Kafka,
  topic: string,
  keep: (message: KafkaMessage) => boolean,
  done: (seen: SeenRecord[]) => boolean,
  { timeoutMs = 60_000, settleMs = 1_500 }: { timeoutMs?: number; settleMs?: number } = {},
): Promise<SeenRecord[]> {
  const consumer = kafka.consumer({ groupId: `e2e-reader-${randomUUID()}`, readUncommitted: false });
  const seen: SeenRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (!keep(message)) return;
        seen.push({
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          ),
          value: message.value ?? Buffer.alloc(0),
        });
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (!done(seen)) {
      if (Date.now() > deadline)
        throw new Error(`timed out reading ${topic}: ${seen.length} matching records seen`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return [...seen];
  } finally {
    await consumer.disconnect();
  }
}

export const header = (message: KafkaMessage, name: string): string | undefined => {
  const value = message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.toString();
};
