/**
 * What gzip costs the router: the CPU to compress what it produces per routed message (a
 * `routing.RoutedMessage` carrying the partner's message, and its `events.ExchangeRouted`), in cycles
 * as the consumer core commits them, and how much smaller the output gets. No broker needed: it
 * compresses the records' bytes the way kafkajs does (zlib's gzip on libuv's thread pool, default
 * level), so the figure is the codec's own, comparable with the router's CPU per message in
 * bench/README.md.
 *
 *   node dist/bench/compression-cost.js [messages=20000] [messagesPerCycle=500]
 */
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

import { ExchangeRouted, HEADERS, loadHubCodec, loadMessageExamples, RoutedMessage } from '@hub/contracts';

import { buildWorkload } from './workload';

const gzipAsync = promisify(gzip);

/** The router's output for each message, as the bytes kafkajs would put in a record batch. */
function routerOutput(count: number): Buffer[] {
  const codec = loadHubCodec();
  const examples = loadMessageExamples();
  const routed = codec.fromJson('routing.RoutedMessage', examples.get('routing.RoutedMessage')?.json);
  const event = codec.fromJson('events.ExchangeRouted', examples.get('events.ExchangeRouted')?.json);
  return buildWorkload(count, { badShare: 0, runId: `compression-${Date.now()}` }).map((message) => {
    const messageId = message.messageId ?? randomUUID();
    const copy = codec.encode('routing.RoutedMessage', {
      ...routed,
      routingId: randomUUID(),
      messageId,
      payload: message.value,
    } satisfies RoutedMessage);
    const routedEvent = codec.encode('events.ExchangeRouted', {
      ...event,
      eventId: randomUUID(),
      messageId,
      routingIds: [randomUUID()],
    } satisfies ExchangeRouted);
    const headers = Buffer.from(`${HEADERS.messageId}${messageId}${HEADERS.kind}routing.RoutedMessage`);
    return Buffer.concat([
      Buffer.from(message.key),
      copy,
      headers,
      Buffer.from(message.key),
      routedEvent,
      headers,
    ]);
  });
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 20_000);
  const perCycle = Number(process.argv[3] ?? 500);
  const outputs = routerOutput(count);
  const cycles: Buffer[] = [];
  for (let start = 0; start < outputs.length; start += perCycle) {
    cycles.push(Buffer.concat(outputs.slice(start, start + perCycle)));
  }
  const raw = cycles.reduce((sum, cycle) => sum + cycle.length, 0);
  await gzipAsync(cycles[0]); // warm up
  const started = process.cpuUsage();
  const wall = performance.now();
  let compressed = 0;
  for (const cycle of cycles) compressed += (await gzipAsync(cycle)).length;
  const cpu = process.cpuUsage(started);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      messages: count,
      messagesPerCycle: perCycle,
      bytesPerMessage: Math.round(raw / count),
      compressedRatio: Number((compressed / raw).toFixed(3)),
      cpuMicrosecondsPerMessage: Number(((cpuMs * 1000) / count).toFixed(1)),
      wallMs: Math.round(performance.now() - wall),
    })}\n`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`compression cost failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
