/**
 * The consumer core alone: the hub's own consumer loop (`KafkaBatchServer`: fetch rounds as cycles,
 * one Kafka transaction per cycle fenced by the group generation, exactly-once offsets) over the
 * same inbound topics, with a handler that does no work. Per record it produces what the router
 * produces in number and size (a copy of the message for one receiver and a routing event, each with
 * the router's three headers). The router's throughput over this is what its own work (decoding,
 * judging, Avro encoding, deduplication) costs; this over the bare pipe is what exactly-once costs.
 * Run as its own process so its CPU and memory are its own.
 *
 *   node dist/bench/core-pipe.js <brokers> → prints one JSON line with its numbers
 */
import { readFileSync } from 'node:fs';

import { Logger } from '@nestjs/common';

import { HEADERS, INBOUND_TOPIC_PATTERN } from '@hub/contracts';
import { ConsumerStatus, createKafkaClient, KafkaBatchServer, type ChunkHandlerFn } from '@hub/kafka';

import { positions } from './router-catch-up';

export const CORE_OUTPUT_TOPIC = 'bench.core.out.v1';
/** A routing event is about this large (findings, expectations, ids). */
const EVENT_BYTES = 700;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : process.memoryUsage().rss / 1_048_576;
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const [brokers] = process.argv.slice(2);
  const kafka = createKafkaClient({
    clientId: 'bench-core',
    brokers: brokers.split(','),
    log: () => undefined,
  });
  const run = `bench-core-${Date.now()}`;
  const event = Buffer.alloc(EVENT_BYTES, 0x2a);
  const pipe: ChunkHandlerFn = (entries) =>
    entries.map(({ record }) => {
      const headers = {
        [HEADERS.correlationId]: record.headers[HEADERS.correlationId] ?? record.offset,
        [HEADERS.messageId]: record.headers[HEADERS.messageId] ?? record.offset,
        [HEADERS.kind]: 'bench.Copy',
      };
      return {
        outcome: 'copied',
        records: [
          { topic: CORE_OUTPUT_TOPIC, key: record.key, value: record.value ?? Buffer.alloc(0), headers },
          { topic: CORE_OUTPUT_TOPIC, key: record.key, value: event, headers },
        ],
      };
    });
  const before = await positions(kafka, run);
  const server = new KafkaBatchServer({
    kafka,
    groupId: run,
    topics: [INBOUND_TOPIC_PATTERN],
    transactionalIdPrefix: run,
    status: new ConsumerStatus(),
    requiredPatterns: ['bench.Copy'],
    handlers: new Map([['bench.Copy', pipe]]),
    decode: () => ({ pattern: 'bench.Copy', data: null }),
    onPoison: () => [],
  });
  await new Promise<void>((resolve, reject) =>
    server.listen((error) =>
      error ? reject(new Error('the consumer core did not start', { cause: error })) : resolve(),
    ),
  );
  let firstAt: number | undefined;
  for (;;) {
    const now = await positions(kafka, run);
    if (firstAt === undefined && now.committed > 0) firstAt = Date.now();
    if (now.committed >= before.end) break;
    await sleep(100);
  }
  const seconds = (Date.now() - (firstAt ?? Date.now())) / 1000;
  await server.close();
  process.stdout.write(`${JSON.stringify({ piped: before.end, seconds, peakRssMb: peakRssMb() })}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`core pipe failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
