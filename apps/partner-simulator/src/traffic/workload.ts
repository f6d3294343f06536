import { addDays } from '@hub/agreements';
import {
  Channel,
  Envelope,
  HEADERS,
  HubCodec,
  inboundTopic,
  loadHubCodec,
  MessageTypes,
  PartnerMessageKind,
  PartyRef,
} from '@hub/contracts';

import { ScenarioId } from './cast';
import { Prng } from './prng';
import { AnyDraft, Expectation, planStoryline } from './storylines';

/**
 * A simulated workload: realistic partner messages for the four seed agreements, in time order,
 * encoded the way partners publish them. Pure: the same options give the same messages, byte for
 * byte, on every machine - publishing them is publish.ts's job.
 */
export interface WorkloadOptions {
  seed: number;
  /** How many messages. */
  count: number;
  /**
   * Namespace for the message ids. The hub drops a message id it has routed before, so two runs
   * with the same seed need different run ids to be routed again; the content stays the same.
   * Default: empty.
   */
  runId?: string;
  /** The simulated first day (Danish date); citizens are already in months 1-6 on it. Default 2025-03-03. */
  startDate?: string;
  /** Share of bad messages: garbage bytes, a sender that is not the topic's owner, an unknown receiver. Default 0.025. */
  badShare?: number;
}

export const DEFAULT_START_DATE = '2025-03-03';
export const DEFAULT_BAD_SHARE = 0.025;

/** Storylines (a citizen's six months, a job order) starting per simulated day. */
const STORYLINES_PER_DAY = 12;
/** Storylines start this long before the first day, so the first day already has citizens in month 6. */
const LEAD_IN_DAYS = 200;

export type BadVariant = 'garbage' | 'wrong-sender' | 'unknown-receiver';

export interface GeneratedMessage {
  /** Place in the workload, from 0. */
  seq: number;
  scenario: ScenarioId;
  story: string;
  /** Null for garbage. */
  kind: PartnerMessageKind | null;
  /** The message as built (null for garbage); `bytes` is its encoding. */
  value: MessageTypes[PartnerMessageKind] | null;
  messageId: string | null;
  /** The partner whose inbound topic it goes to. */
  publisher: PartyRef;
  channel: Channel;
  topic: string;
  key: string;
  bytes: Buffer;
  headers: Record<string, string>;
  /** The CPR number in the message, if any (it is in `bytes` too). */
  cpr: string | null;
  /** Simulated time it was queued. */
  queuedAt: string;
  bad: BadVariant | null;
  expect: Expectation;
}

export interface Workload {
  options: Required<WorkloadOptions>;
  messages: GeneratedMessage[];
  /** Every CPR number the workload sends, for privacy checks (none may reach a mail or a log). */
  cprs: string[];
}

export function resolveOptions(options: WorkloadOptions): Required<WorkloadOptions> {
  if (!Number.isInteger(options.seed)) throw new Error(`seed must be a whole number, got ${options.seed}`);
  if (!Number.isInteger(options.count) || options.count < 0)
    throw new Error(`count must be a whole number of 0 or more, got ${options.count}`);
  const badShare = options.badShare ?? DEFAULT_BAD_SHARE;
  if (!(badShare >= 0 && badShare <= 1)) throw new Error(`badShare must be between 0 and 1, got ${badShare}`);
  return {
    seed: options.seed,
    count: options.count,
    runId: options.runId ?? '',
    startDate: options.startDate ?? DEFAULT_START_DATE,
    badShare,
  };
}

/** The whole workload in memory; for large benchmark runs use `workloadMessages` and stream. */
export function generateWorkload(options: WorkloadOptions, codec: HubCodec = loadHubCodec()): Workload {
  const resolved = resolveOptions(options);
  const messages = [...workloadMessages(resolved, codec)];
  const cprs = [...new Set(messages.flatMap((message) => (message.cpr ? [message.cpr] : [])))];
  return { options: resolved, messages, cprs };
}

/**
 * The workload's messages one at a time, in simulated time order: storylines start one after the
 * other, and a message is emitted once no storyline yet to start could have an earlier one.
 */
export function* workloadMessages(options: WorkloadOptions, codec: HubCodec): Generator<GeneratedMessage> {
  const o = resolveOptions(options);
  const firstDay = Date.parse(`${o.startDate}T00:00:00.000Z`);
  if (Number.isNaN(firstDay)) throw new Error(`startDate must be YYYY-MM-DD, got '${o.startDate}'`);
  const leadIn = addDays(o.startDate, -LEAD_IN_DAYS);
  const spacing = 86_400_000 / STORYLINES_PER_DAY;
  const arrival = (index: number): number => Date.parse(`${leadIn}T00:00:00.000Z`) + index * spacing;
  const env = { seed: o.seed, runId: o.runId, takenCprs: new Set<string>() };
  const queue = new DraftQueue();
  const spoiler = Prng.derive(o.seed, 'bad');
  let next = 0;
  for (let seq = 0; seq < o.count; seq++) {
    // A storyline's messages are all on or after the day after it starts, so once the earliest
    // queued message is before the next start, no later storyline can come before it.
    while (queue.size === 0 || (queue.peek() as AnyDraft).at >= arrival(next)) {
      const start = new Date(arrival(next) + 86_400_000).toISOString().slice(0, 10);
      for (const draft of planStoryline(next, start, env)) if (draft.at >= firstDay) queue.push(draft);
      next += 1;
    }
    yield emit(queue.pop() as AnyDraft, seq, spoiler, o, codec);
  }
}

function emit(
  draft: AnyDraft,
  seq: number,
  spoiler: Prng,
  o: Required<WorkloadOptions>,
  codec: HubCodec,
): GeneratedMessage {
  const channel = draft.kind.split('.')[0] as Channel;
  const base = {
    seq,
    scenario: draft.scenario,
    story: draft.story,
    publisher: draft.publisher,
    channel,
    topic: inboundTopic(channel, draft.publisher),
    key: draft.key,
    queuedAt: new Date(draft.at).toISOString(),
  };
  const variant = spoiler.chance(o.badShare) ? spoiler.pick(variantsFor(draft)) : null;
  if (variant === 'garbage') {
    // Half look like Avro single-object encoding with a fingerprint nobody knows; half are noise.
    const noise = spoiler.bytes(spoiler.int(12, 160));
    const bytes = spoiler.chance(0.5) ? Buffer.concat([Buffer.from([0xc3, 0x01]), noise]) : noise;
    if (bytes[0] === 0xc3 && bytes[1] === 0x01 && bytes.length < 10) bytes[1] = 0x02;
    return {
      ...base,
      kind: null,
      value: null,
      messageId: null,
      bytes,
      headers: {},
      cpr: null,
      bad: variant,
      expect: { outcome: 'dead-letter', reason: 'UNDECODABLE' },
    };
  }
  const value = structuredClone<MessageTypes[PartnerMessageKind]>(draft.value);
  const envelope = (value as { envelope: Envelope }).envelope;
  let expect = draft.expect;
  if (variant === 'wrong-sender') {
    // A partner's system claims to be another partner of the same kind (a misconfigured tenant).
    const [one, other] = draft.publisher.kind === 'jobcenter' ? ['707', '766'] : ['3F', 'HK'];
    envelope.sender = { kind: draft.publisher.kind, id: draft.publisher.id === one ? other : one };
    expect = { outcome: 'rejected', reason: 'SENDER_MISMATCH' };
  }
  if (variant === 'unknown-receiver') {
    // Aarhus (751) is a real municipality, but no agreement or directory entry names its jobcenter.
    envelope.receivers = [{ kind: 'jobcenter', id: '751' }, ...envelope.receivers.slice(1)];
    expect = { outcome: 'rejected', reason: 'UNKNOWN_RECEIVER' };
  }
  return {
    ...base,
    kind: draft.kind,
    value,
    messageId: envelope.messageId,
    bytes: codec.encode(draft.kind, value),
    headers: { [HEADERS.correlationId]: envelope.correlationId ?? envelope.messageId },
    cpr: draft.cpr,
    bad: variant,
    expect,
  };
}

/** A sender can only claim to be another partner of its own kind if there is one (not VITAS). */
function variantsFor(draft: AnyDraft): BadVariant[] {
  return draft.publisher.kind === 'akasse' || draft.publisher.kind === 'jobcenter'
    ? ['garbage', 'wrong-sender', 'unknown-receiver']
    : ['garbage', 'unknown-receiver'];
}

/** A binary min-heap of drafts by (time, order): deterministic for equal times. */
class DraftQueue {
  private readonly items: AnyDraft[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): AnyDraft | undefined {
    return this.items[0];
  }

  push(draft: AnyDraft): void {
    const items = this.items;
    items.push(draft);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop(): AnyDraft | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && before(items[left], items[smallest])) smallest = left;
        if (right < items.length && before(items[right], items[smallest])) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest], items[i]];
        i = smallest;
      }
    }
    return top;
  }
}

const before = (a: AnyDraft, b: AnyDraft): boolean => a.at < b.at || (a.at === b.at && a.order < b.order);
