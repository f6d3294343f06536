import { loadHubCodec } from '@hub/contracts';
import type { Kafka } from '@hub/kafka';

import { BadVariant, workloadMessages } from '../apps/partner-simulator/src/traffic';

export interface WorkloadMessage {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
  /** Null for garbage bytes, which carry no readable message id. */
  messageId: string | null;
  /** How the message is bad (the router must dead-letter or reject it), or null. */
  bad: BadVariant | null;
  /**
   * Its simulated queuedAt (ms): the record's timestamp, which the bench profile's create-time inbound
   * topics make the hub's clock, so the storylines are judged on the dates they replay.
   */
  queuedAt: number;
}

/**
 * The benchmark's workload, from the partner simulator: citizens of the four seed agreements moving
 * through months 1-6 (recommendations, decisions, risk notices some late, handovers, interviews),
 * VITAS placements and JobAG job orders, each on its partner's inbound topic and keyed as that
 * partner keys it, with `badShare` bad messages (garbage, a sender not owning the topic, an unknown
 * receiver). Only what the benchmark needs is kept of each message, so 200,000 fit in memory.
 *
 * `runId` namespaces the message ids: the hub routes a message id once, so every run (and every
 * latency step) needs its own.
 */
export function buildWorkload(
  count: number,
  { seed = 42, badShare = 0.03, runId }: { seed?: number; badShare?: number; runId: string },
): WorkloadMessage[] {
  const messages: WorkloadMessage[] = [];
  for (const message of workloadMessages({ seed, count, badShare, runId }, loadHubCodec())) {
    messages.push({
      topic: message.topic,
      key: message.key,
      value: message.bytes,
      headers: message.headers,
      messageId: message.messageId,
      bad: message.bad,
      queuedAt: Date.parse(message.queuedAt),
    });
  }
  return messages;
}

/** Rows the exchange log must end with: one per distinct message id, and one per garbage record. */
export function expectedLogRows(workload: readonly WorkloadMessage[]): number {
  const ids = new Set(workload.flatMap((message) => (message.messageId ? [message.messageId] : [])));
  return ids.size + workload.filter((message) => message.messageId === null).length;
}

interface PartnerRecord {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
  timestamp: string;
}

/** The messages grouped per topic for one `sendBatch`, keys and headers as the partner set them. */
export function topicMessages(messages: readonly WorkloadMessage[]): {
  topic: string;
  messages: PartnerRecord[];
}[] {
  const byTopic = new Map<string, PartnerRecord[]>();
  for (const { topic, key, value, headers, queuedAt } of messages) {
    const list = byTopic.get(topic) ?? [];
    list.push({ key, value, headers, timestamp: String(queuedAt) });
    byTopic.set(topic, list);
  }
  return [...byTopic].map(([topic, list]) => ({ topic, messages: list }));
}

/** Produces the workload as a backlog to the inbound topics; returns the seconds it took. */
export async function produceWorkload(
  kafka: Kafka,
  messages: readonly WorkloadMessage[],
  log: (text: string) => void,
): Promise<number> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const startedAt = Date.now();
  for (let start = 0; start < messages.length; start += 2_000) {
    await producer.sendBatch({
      acks: -1,
      topicMessages: topicMessages(messages.slice(start, start + 2_000)),
    });
    if ((start / 2_000) % 20 === 0)
      log(`workload: ${start.toLocaleString('en')}/${messages.length.toLocaleString('en')} produced`);
  }
  await producer.disconnect();
  return (Date.now() - startedAt) / 1000;
}
