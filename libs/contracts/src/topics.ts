import type { Channel, PartyKind, PartyRef } from './generated/messages';

/**
 * Every Kafka topic the hub uses, named `hub.<visibility>.<what>.v<major>` and declared here only.
 *
 * Inbound topics are per channel AND per partner: a partner system gets write access to its own
 * topics only (ACLs in a real deployment), so the hub learns who sent a message from where it came
 * in, never from what the payload claims (a payload claiming another sender is rejected).
 */
export const TOPIC_VERSION = 'v1';

export const TOPICS = {
  /** Routed messages for a receiver kind; the adapters consume these. */
  outbound: (receiverKind: PartyKind): string => `hub.outbound.${receiverKind}.${TOPIC_VERSION}`,
  /** The hub's own events (routed, rejected, delivered, ...): the exchange log is built from them. */
  events: `hub.internal.events.${TOPIC_VERSION}`,
  /** Messages the hub could not accept, original bytes and headers untouched plus error context. */
  deadLetters: `hub.internal.deadletter.${TOPIC_VERSION}`,
} as const;

export function partySlug(party: PartyRef): string {
  const id = party.id.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return id === party.kind ? party.kind : `${party.kind}-${id}`;
}

export function inboundTopic(channel: Channel, sender: PartyRef): string {
  return `hub.inbound.${channel}.${partySlug(sender)}.${TOPIC_VERSION}`;
}

const INBOUND = /^hub\.inbound\.(beskedmodul|vitas|jobag)\.([a-z0-9-]+)\.v1$/;

/** Matches every inbound topic; the router subscribes with it. */
export const INBOUND_TOPIC_PATTERN = INBOUND;

export function parseInboundTopic(topic: string): { channel: Channel; slug: string } | undefined {
  const match = INBOUND.exec(topic);
  return match ? { channel: match[1] as Channel, slug: match[2] } : undefined;
}

/** Which channels a kind of partner publishes on. */
export const CHANNELS_BY_SENDER_KIND: Readonly<Partial<Record<PartyKind, readonly Channel[]>>> = {
  akasse: ['beskedmodul', 'jobag'],
  jobcenter: ['beskedmodul', 'vitas', 'jobag'],
  union: ['beskedmodul'],
  vitas: ['vitas'],
};

/** Receiver kinds the hub has an outbound topic (and so an adapter) for. */
export const OUTBOUND_RECEIVER_KINDS: readonly PartyKind[] = ['akasse', 'jobcenter', 'union', 'company'];

export interface TopicSpec {
  name: string;
  partitions: number;
  configs: Record<string, string>;
}

export interface TopicLayout {
  inboundPartitions: number;
  outboundPartitions: number;
  internalPartitions: number;
}

/**
 * The topic config that says whose clock stamps a record: the broker's on append (`LogAppendTime`)
 * or the producer's (`CreateTime`). The router judges lateness and the agreement in force on the
 * inbound record's timestamp, so on the inbound topics this is the hub's clock (HUB_INBOUND_TIMESTAMPS).
 */
export const TIMESTAMP_TYPE_CONFIG = 'message.timestamp.type';
export type TimestampType = 'LogAppendTime' | 'CreateTime';

/** The inbound topics' timestamp type for each value of the setting HUB_INBOUND_TIMESTAMPS. */
export const INBOUND_TIMESTAMP_TYPES: Readonly<Record<'log-append-time' | 'create-time', TimestampType>> = {
  'log-append-time': 'LogAppendTime',
  'create-time': 'CreateTime',
};

export const DEFAULT_TOPIC_LAYOUT: TopicLayout = {
  inboundPartitions: 3,
  outboundPartitions: 6,
  internalPartitions: 6,
};

/**
 * The whole topic layout for a set of partners: created at start-up by every service that needs it
 * (creation is idempotent), so a fresh broker and a new partner in the agreement data just work.
 * Inbound topics get `inboundTimestampType` (default: the broker's time, which a partner cannot set).
 */
export function declareTopics(
  partners: readonly PartyRef[],
  layout: TopicLayout = DEFAULT_TOPIC_LAYOUT,
  inboundTimestampType: TimestampType = 'LogAppendTime',
): TopicSpec[] {
  // Dead letters and events are kept long enough for a person to look and replay (30 days).
  const keep30Days = { 'retention.ms': String(30 * 24 * 3600 * 1000) };
  const specs: TopicSpec[] = [
    { name: TOPICS.events, partitions: layout.internalPartitions, configs: keep30Days },
    { name: TOPICS.deadLetters, partitions: layout.internalPartitions, configs: keep30Days },
    ...OUTBOUND_RECEIVER_KINDS.map((kind) => ({
      name: TOPICS.outbound(kind),
      partitions: layout.outboundPartitions,
      configs: {},
    })),
  ];
  // Kafka's time-based retention judges a record by its timestamp. On a CreateTime topic the
  // publisher sets it: a replay of last year's dates (local stacks, tests, the demo) is "older than
  // 7 days" on arrival, and the next retention check (every 5 minutes) deleted such records whether
  // the router had read them or not (a CI run lost messages to it). Those topics keep their records;
  // production's LogAppendTime topics are stamped on arrival and keep the broker's default.
  const inboundConfigs: Record<string, string> =
    inboundTimestampType === 'CreateTime'
      ? { [TIMESTAMP_TYPE_CONFIG]: inboundTimestampType, 'retention.ms': '-1' }
      : { [TIMESTAMP_TYPE_CONFIG]: inboundTimestampType };
  for (const partner of partners) {
    for (const channel of CHANNELS_BY_SENDER_KIND[partner.kind] ?? []) {
      specs.push({
        name: inboundTopic(channel, partner),
        partitions: layout.inboundPartitions,
        configs: inboundConfigs,
      });
    }
  }
  return specs;
}
