import { randomUUID } from 'node:crypto';

import {
  Channel,
  inboundTopic,
  loadHubCodec,
  loadMessageExamples,
  MessageKind,
  MessageTypes,
  PartyRef,
} from '@hub/contracts';

export interface WorkloadMessage {
  topic: string;
  key: string;
  value: Buffer;
  messageId: string;
  /** Garbage bytes the router must dead-letter. */
  bad: boolean;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same workload. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cpr(n: number): string {
  const day = String((n % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(n / 28) % 12) + 1).padStart(2, '0');
  return `${day}${month}${String(60 + (n % 40)).padStart(2, '0')}-${String(n % 10_000).padStart(4, '0')}`;
}

/**
 * A mixed workload across the three channels and the seed agreements: every partner message kind's
 * example (schemas/examples) with a fresh message id and one of `citizens` citizens, plus `badShare`
 * garbage records. Messages of one citizen share a key, as a partner keying by its own citizen
 * reference would, so per-citizen order is exercised.
 */
export function buildWorkload(
  count: number,
  { seed = 42, badShare = 0.03, citizens = 5_000 } = {},
): WorkloadMessage[] {
  const codec = loadHubCodec();
  const random = seededRandom(seed);
  const templates = [...loadMessageExamples().values()]
    .filter((example) => !example.kind.startsWith('routing.') && !example.kind.startsWith('events.'))
    .map((example) => {
      const value = codec.fromJson(example.kind as MessageKind, example.json) as unknown as {
        envelope: { messageId: string; sender: PartyRef };
        citizen?: { cpr: string };
      };
      return {
        kind: example.kind as MessageKind,
        value,
        topic: inboundTopic(example.kind.split('.')[0] as Channel, value.envelope.sender),
      };
    });
  const messages: WorkloadMessage[] = [];
  for (let i = 0; i < count; i += 1) {
    const citizen = Math.floor(random() * citizens);
    const template = templates[Math.floor(random() * templates.length)];
    const messageId = randomUUID();
    if (random() < badShare) {
      messages.push({
        topic: template.topic,
        key: `c${citizen}`,
        value: Buffer.from(`not avro ${messageId}`),
        messageId,
        bad: true,
      });
      continue;
    }
    const value = { ...template.value, envelope: { ...template.value.envelope, messageId } };
    if (template.value.citizen) value.citizen = { ...template.value.citizen, cpr: cpr(citizen) };
    messages.push({
      topic: template.topic,
      key: `c${citizen}`,
      value: codec.encode(template.kind, value as unknown as MessageTypes[MessageKind]),
      messageId,
      bad: false,
    });
  }
  return messages;
}
