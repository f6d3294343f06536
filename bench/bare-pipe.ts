/**
 * The baseline: the most a kafkajs service can do on this machine with the hub's topic layout.
 * Consumes every inbound topic and produces the same bytes and keys to one output topic, with no
 * decoding, judging, transactions or logging. Run as its own process so its memory is its own.
 *
 *   ts-node bench/bare-pipe.ts <brokers> <expected-count>   → prints one JSON line with its numbers
 */
import { readFileSync } from 'node:fs';

import { INBOUND_TOPIC_PATTERN } from '@hub/contracts';
import { createKafkaClient } from '@hub/kafka';

export const PIPE_OUTPUT_TOPIC = 'bench.pipe.out.v1';

function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : process.memoryUsage().rss / 1_048_576;
}

async function main(): Promise<void> {
  const [brokers, expectedText] = process.argv.slice(2);
  const expected = Number(expectedText);
  const kafka = createKafkaClient({
    clientId: 'bench-pipe',
    brokers: brokers.split(','),
    log: () => undefined,
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId: `bench-pipe-${Date.now()}` });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic: INBOUND_TOPIC_PATTERN, fromBeginning: true });
  let firstAt = 0;
  let lastAt = 0;
  let piped = 0;
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        partitionsConsumedConcurrently: 3,
        eachBatch: async ({ batch }) => {
          if (firstAt === 0) firstAt = Date.now();
          await producer.send({
            topic: PIPE_OUTPUT_TOPIC,
            acks: -1,
            messages: batch.messages.map((message) => ({ key: message.key, value: message.value })),
          });
          piped += batch.messages.length;
          lastAt = Date.now();
          if (piped >= expected) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  await producer.disconnect();
  process.stdout.write(
    `${JSON.stringify({ piped, seconds: (lastAt - firstAt) / 1000, peakRssMb: peakRssMb() })}\n`,
  );
}

// Imported by run.ts for the topic name; runs only as its own process.
if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bare pipe failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
