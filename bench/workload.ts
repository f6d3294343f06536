import { loadHubCodec } from '@hub/contracts';

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
    });
  }
  return messages;
}

/** Rows the exchange log must end with: one per distinct message id, and one per garbage record. */
export function expectedLogRows(workload: readonly WorkloadMessage[]): number {
  const ids = new Set(workload.flatMap((message) => (message.messageId ? [message.messageId] : [])));
  return ids.size + workload.filter((message) => message.messageId === null).length;
}
