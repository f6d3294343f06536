/**
 * Helpers for the monitor's end-to-end tests (test/e2e/monitor-*.e2e-spec.ts): partner messages built
 * from schemas/examples, published on the sender's own inbound topic as a partner system does, the
 * monitor's API with a given key, and the monitor's tables. Not part of the build (testing/).
 */
import { randomUUID } from 'node:crypto';

import {
  Channel,
  HEADERS,
  INBOUND_TOPIC_PATTERN,
  inboundTopic,
  loadHubCodec,
  loadMessageExamples,
  MessageTypes,
  PartnerMessageKind,
  PartyRef,
  TOPICS,
} from '@hub/contracts';
import type { Kafka, Producer } from '@hub/kafka';
import type { Client } from 'pg';

import { CONSUMER_GROUP as ROUTER_GROUP } from '../../../router/src/router.constants';
import { MONITOR_GROUP_ID } from '../monitor.constants';

export const codec = loadHubCodec();
const examples = loadMessageExamples();

/** Every table the monitor writes; emptied together, compared together. */
export const MONITOR_TABLES = [
  'exchange_log',
  'applied_event',
  'exchange_expectation',
  'exchange_timeline',
  'dead_letter',
  'purged_exchange',
] as const;

export async function emptyMonitorTables(db: Client): Promise<void> {
  await db.query(`TRUNCATE ${MONITOR_TABLES.join(', ')}`);
}

/**
 * Whether the router's and the monitor's consumer groups have committed every partition of their
 * topics to its end: what other suites left on the topics has been routed and logged. A test that
 * compares the log with its own scenario empties the tables only after that, or the backlog comes
 * back into them as the services catch up.
 */
export async function routerAndMonitorCaughtUp(kafka: Kafka): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const inbound = (await admin.listTopics()).filter((topic) => INBOUND_TOPIC_PATTERN.test(topic));
    const groupCaughtUp = async (groupId: string, topics: string[]): Promise<boolean> => {
      const committed = new Map<string, number>();
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
        for (const { partition, offset } of partitions)
          committed.set(`${topic}/${partition}`, Number(offset));
      }
      for (const topic of topics) {
        for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
          // A partition with nothing on it to read (never written to, or emptied by retention: the
          // group then never commits it, as it reads nothing) needs no commit.
          if (Number(high) > Number(low) && (committed.get(`${topic}/${partition}`) ?? -1) < Number(high))
            return false;
        }
      }
      return true;
    };
    // The router first: the events it committed are on the events topic before the monitor is asked.
    return (
      (await groupCaughtUp(ROUTER_GROUP, inbound)) && (await groupCaughtUp(MONITOR_GROUP_ID, [TOPICS.events]))
    );
  } finally {
    await admin.disconnect();
  }
}

interface EnvelopeValue {
  messageId: string;
  correlationId: string | null;
  causationId: string | null;
  sender: PartyRef;
  receivers: PartyRef[];
  queuedAt: string;
}

export interface MessageSpec {
  kind: PartnerMessageKind;
  sender: PartyRef;
  receivers: PartyRef[];
  /** When the sender queued it (sets the Danish exchange date). */
  queuedAt: string;
  cpr: string;
  /** First day of unemployment (default: 30 days before queuedAt, inside the a-kasse's phase). */
  unemploymentStartDate?: string;
  causationId?: string | null;
  /**
   * For an answer kind: what it names as answered (its inReplyTo field); null when not given, so the
   * example's own reference never leaks into a scenario.
   */
  inReplyTo?: { messageId: string; kind: PartnerMessageKind; exchangeDate: string };
  messageId?: string;
  /** Fields of the message to change (e.g. `{ price: null }`). */
  changes?: Record<string, unknown>;
}

export interface BuiltMessage {
  kind: PartnerMessageKind;
  messageId: string;
  sender: PartyRef;
  channel: Channel;
  value: Record<string, unknown>;
}

const channelOf = (kind: PartnerMessageKind): Channel => kind.split('.')[0] as Channel;

function daysBefore(isoTimestamp: string, days: number): string {
  return new Date(new Date(isoTimestamp).getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

/** A partner message of `kind` from its schemas/examples form, with the envelope and citizen given. */
export function buildMessage(spec: MessageSpec): BuiltMessage {
  const example = examples.get(spec.kind);
  if (!example) throw new Error(`no example for ${spec.kind}`);
  const value = structuredClone(example.json) as Record<string, unknown> & {
    envelope: EnvelopeValue;
    citizen?: { cpr: string; unemploymentStartDate: string | null };
    inReplyTo?: unknown;
  };
  const messageId = spec.messageId ?? randomUUID();
  value.envelope = {
    ...value.envelope,
    messageId,
    correlationId: null,
    causationId: spec.causationId ?? null,
    sender: spec.sender,
    receivers: spec.receivers,
    queuedAt: spec.queuedAt,
  };
  if (value.citizen) {
    value.citizen = {
      ...value.citizen,
      cpr: spec.cpr,
      unemploymentStartDate: spec.unemploymentStartDate ?? daysBefore(spec.queuedAt, 30),
    };
  }
  for (const reference of ['recommendationMessageId', 'inquiryMessageId']) {
    if (reference in value && spec.causationId) value[reference] = spec.causationId;
  }
  if ('inReplyTo' in value) value.inReplyTo = spec.inReplyTo ?? null;
  Object.assign(value, spec.changes ?? {});
  return { kind: spec.kind, messageId, sender: spec.sender, channel: channelOf(spec.kind), value };
}

/**
 * Publishes partner messages the way a partner system does: on its own inbound topic, stamped with the
 * message's queuedAt (which the hub takes as received under HUB_INBOUND_TIMESTAMPS=create-time).
 */
export class PartnerPublisher {
  private producer: Producer | undefined;

  constructor(private readonly kafka: Kafka) {}

  async publish(messages: readonly BuiltMessage[]): Promise<void> {
    this.producer ??= this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
    for (const message of messages) {
      await this.producer.send({
        topic: inboundTopic(message.channel, message.sender),
        acks: -1,
        messages: [
          {
            key: message.messageId,
            value: codec.encode(message.kind, message.value as unknown as MessageTypes[typeof message.kind]),
            headers: { [HEADERS.messageId]: message.messageId, [HEADERS.kind]: message.kind },
            // The test profile's inbound topics are create-time: the message's own date is the hub's clock.
            timestamp: String(Date.parse((message.value.envelope as EnvelopeValue).queuedAt)),
          },
        ],
      });
    }
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }
}

/** The monitor's API with one key. */
export function monitorApi(baseUrl: string, apiKey: string) {
  return {
    async get<T>(path: string): Promise<{ status: number; body: T }> {
      const response = await fetch(`${baseUrl}${path}`, { headers: { 'x-api-key': apiKey } });
      return { status: response.status, body: (await response.json()) as T };
    },
  };
}

/**
 * Danish working days, written out independently of @hub/agreements for the tests' own arithmetic:
 * Monday–Friday except the public holidays and closing days of 2024–2025 listed here.
 */
const CLOSED_2024_2025 = new Set([
  '2024-01-01',
  '2024-03-28',
  '2024-03-29',
  '2024-04-01',
  '2024-05-09',
  '2024-05-20',
  '2024-06-05',
  '2024-12-24',
  '2024-12-25',
  '2024-12-26',
  '2024-12-31',
  '2025-01-01',
  '2025-04-17',
  '2025-04-18',
  '2025-04-21',
  '2025-05-29',
  '2025-06-05',
  '2025-06-09',
  '2025-12-24',
  '2025-12-25',
  '2025-12-26',
  '2025-12-31',
]);

export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !CLOSED_2024_2025.has(date);
}

const nextDay = (date: string): string =>
  new Date(new Date(`${date}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);

/** Working days in (from, to]. */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  for (let day = nextDay(from); day <= to; day = nextDay(day)) if (isWorkingDay(day)) count += 1;
  return count;
}

/** The n-th working day after `date`. */
export function addWorkingDays(date: string, n: number): string {
  let day = date;
  for (let left = n; left > 0; ) {
    day = nextDay(day);
    if (isWorkingDay(day)) left -= 1;
  }
  return day;
}

/** percentile_cont: linear interpolation between the closest ranks. */
export function percentileCont(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** A fictitious CPR number per test and index (valid date, sequence unlikely to clash). */
export function scenarioCpr(test: number, n: number): string {
  const day = String((n % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(n / 28) % 12) + 1).padStart(2, '0');
  return `${day}${month}7${test % 10}-${String(4000 + n).padStart(4, '0')}`;
}
