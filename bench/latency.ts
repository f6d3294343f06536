/**
 * End-to-end latency at a fixed offered load: from the send to the inbound topic until the hub's
 * routing event is readable by a read-committed consumer. Split in two by the routing event's own
 * record timestamp (set by the router's producer when it produces the event):
 * - to routed: send → the router produced the event (fetch, decoding, judging);
 * - to visible: the event produced → readable by a read-committed consumer (the rest of the router's
 *   cycle, its transaction's commit and markers, and the reader's own fetch).
 * Both clocks are this machine's, so the split needs no synchronisation.
 */
import { HEADERS, TOPICS } from '@hub/contracts';
import type { Kafka } from '@hub/kafka';

import { buildWorkload, topicMessages } from './workload';

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

export interface LatencyResult extends Percentiles {
  sent: number;
  seen: number;
  /** Decision events seen again for a message already counted (a read-committed reader sees none). */
  repeated: number;
  toRouted: Percentiles;
  toVisible: Percentiles;
}

/**
 * The router's decision about a message, the event whose arrival ends its latency. Other events
 * carry the message id too (the monitor's deadline events, for storylines replaying past dates, some
 * seconds later); counted, they made the tail look seconds long.
 */
const DECISION_KINDS: ReadonlySet<string> = new Set(['events.ExchangeRouted', 'events.ExchangeRejected']);

/** The first seconds of a rate are sent but not counted: its first cycles are not its steady state. */
const WARM_UP_SECONDS = 2;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

export async function latencyAt(kafka: Kafka, perSecond: number, seconds: number): Promise<LatencyResult> {
  const sentAt = new Map<string, number>();
  const total: number[] = [];
  const toRouted: number[] = [];
  const toVisible: number[] = [];
  const counted = new Set<string>();
  let repeated = 0;
  const consumer = kafka.consumer({ groupId: `bench-latency-${perSecond}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.events, fromBeginning: false });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const seenAt = Date.now();
      if (!DECISION_KINDS.has(message.headers?.[HEADERS.kind]?.toString() ?? '')) return;
      const id = message.headers?.[HEADERS.messageId]?.toString();
      const sent = id ? sentAt.get(id) : undefined;
      if (id === undefined || sent === undefined) return;
      if (counted.has(id)) {
        repeated += 1;
        return;
      }
      counted.add(id);
      const producedAt = Number(message.timestamp);
      total.push(seenAt - sent);
      toRouted.push(producedAt - sent);
      toVisible.push(seenAt - producedAt);
    },
  });
  while (!joined) await sleep(100);
  await sleep(1_000);
  const warmUp = perSecond * WARM_UP_SECONDS;
  const workload = buildWorkload(perSecond * (seconds + WARM_UP_SECONDS), {
    seed: perSecond,
    badShare: 0,
    runId: `latency-${perSecond}-${Date.now()}`,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const tickMs = 50;
  const perTick = perSecond / (1000 / tickMs);
  const startedAt = Date.now();
  for (let sent = 0; sent < workload.length; ) {
    const due = Math.min(workload.length, Math.round(((Date.now() - startedAt) / tickMs + 1) * perTick));
    const slice = workload.slice(sent, due);
    const now = Date.now();
    slice.forEach((message, index) => {
      if (message.messageId && sent + index >= warmUp) sentAt.set(message.messageId, now);
    });
    if (slice.length > 0) await producer.sendBatch({ acks: -1, topicMessages: topicMessages(slice) });
    sent = due;
    await sleep(Math.max(0, startedAt + (sent / perTick) * tickMs - Date.now()));
  }
  const deadline = Date.now() + 30_000;
  while (total.length < workload.length - warmUp && Date.now() < deadline) await sleep(200);
  await producer.disconnect();
  await consumer.disconnect();
  return {
    ...percentiles(total),
    sent: workload.length - warmUp,
    seen: total.length,
    repeated,
    toRouted: percentiles(toRouted),
    toVisible: percentiles(toVisible),
  };
}

/** One row of a results table: total, then the split. */
export function latencyRow(offered: string, result: LatencyResult): string {
  const split = (p: Percentiles): string => `${p.p50} / ${p.p99}`;
  return (
    `| latency at ${offered} msg/s, p50 / p95 / p99 | ${result.p50} / ${result.p95} / ${result.p99} ms ` +
    `(${result.seen}/${result.sent} seen${result.repeated > 0 ? `, ${result.repeated} SEEN TWICE` : ''}; to routed p50/p99 ${split(result.toRouted)}, ` +
    `routed to visible ${split(result.toVisible)}) |`
  );
}
