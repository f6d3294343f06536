import type { PartyKind, PartyRef } from './generated/messages';
import { CHANNELS_BY_SENDER_KIND, inboundTopic, OUTBOUND_RECEIVER_KINDS, partySlug, TOPICS } from './topics';

/**
 * Who may do what on the hub's Kafka: the principals (SCRAM user names) and their ACLs, declared
 * next to the topic catalogue they guard. `hub topics create` (run by the operator) writes them;
 * the broker enforces them (infra/README.md, "Broker security").
 *
 * The hub learns who sent a message from the inbound topic it arrived on, never from the payload
 * (topics.ts), so "a partner may write only its own inbound topics" is the whole sender check.
 */
export const PRINCIPALS = {
  /** The operator's CLI: a super user on the broker, the only principal that creates or deletes topics. */
  operator: 'hub-operator',
  router: 'hub-router',
  notifier: 'hub-notifier',
  monitor: 'hub-monitor',
  /** The HTTP ingress (apps/ingress): writes partners' inbound topics for partners without Kafka. */
  ingress: 'hub-ingress',
  adapter: (receiverKind: PartyKind): string => `hub-${receiverKind}-adapter`,
  /**
   * The partner simulator of the demo and the tests publishes as every partner at once. A stand-in
   * for the partners' own systems: never give it credentials on a real broker.
   */
  partnerSimulator: 'hub-partner-simulator',
  /** A partner system: writes its own inbound topics and nothing else. */
  partner: (party: PartyRef): string => `partner-${partySlug(party)}`,
} as const;

export type AclResourceType = 'TOPIC' | 'GROUP' | 'CLUSTER' | 'TRANSACTIONAL_ID';
export type AclPatternType = 'LITERAL' | 'PREFIXED';
/**
 * READ and WRITE imply DESCRIBE on the broker; WRITE on any topic implies IDEMPOTENT_WRITE. Neither
 * implies DESCRIBE_CONFIGS (reading a topic's settings), which the router needs on the inbound topics.
 */
export type AclOperation = 'READ' | 'WRITE' | 'DESCRIBE' | 'DESCRIBE_CONFIGS';

export interface AclSpec {
  principal: string;
  resourceType: AclResourceType;
  resourceName: string;
  patternType: AclPatternType;
  operation: AclOperation;
}

const INBOUND_PREFIX = 'hub.inbound.';
const OUTBOUND_PREFIX = 'hub.outbound.';
/** Every topic of the hub: its services may see their metadata (start-up checks the layout exists). */
const HUB_TOPIC_PREFIX = 'hub.';

const allow = (
  principal: string,
  operation: AclOperation,
  resourceType: AclResourceType,
  resourceName: string,
  patternType: AclPatternType = 'LITERAL',
): AclSpec => ({ principal, resourceType, resourceName, patternType, operation });

/**
 * A hub service that consumes `reads` in its own consumer group, commits through its instances'
 * transactional ids (`<group>.<random>`, transactional-committer.ts), and writes events and dead
 * letters: what every consuming service needs, plus `writes`.
 */
function consumingService(
  principal: string,
  group: string,
  reads: readonly AclSpec[],
  writes: readonly AclSpec[],
): AclSpec[] {
  return [
    allow(principal, 'DESCRIBE', 'TOPIC', HUB_TOPIC_PREFIX, 'PREFIXED'),
    ...reads,
    ...writes,
    allow(principal, 'WRITE', 'TOPIC', TOPICS.events),
    allow(principal, 'WRITE', 'TOPIC', TOPICS.deadLetters),
    allow(principal, 'READ', 'GROUP', group),
    allow(principal, 'WRITE', 'TRANSACTIONAL_ID', `${group}.`, 'PREFIXED'),
  ];
}

/** The adapters the hub runs (apps/*-adapter), by the receiver kind whose outbound topic they deliver. */
export const ADAPTER_RECEIVER_KINDS: readonly PartyKind[] = OUTBOUND_RECEIVER_KINDS;

/**
 * Every ACL of the hub for a set of partners. Nothing here lets anyone but the operator (a super
 * user, no ACL needed) create, delete or alter topics, or delete consumer groups.
 */
export function declareAcls(partners: readonly PartyRef[]): AclSpec[] {
  const router = PRINCIPALS.router;
  const monitor = PRINCIPALS.monitor;
  const acls: AclSpec[] = [
    ...consumingService(
      router,
      'hub-router',
      [
        allow(router, 'READ', 'TOPIC', INBOUND_PREFIX, 'PREFIXED'),
        // At start-up the router checks whose clock stamps the inbound records (HUB_INBOUND_TIMESTAMPS).
        allow(router, 'DESCRIBE_CONFIGS', 'TOPIC', INBOUND_PREFIX, 'PREFIXED'),
      ],
      [allow(router, 'WRITE', 'TOPIC', OUTBOUND_PREFIX, 'PREFIXED')],
    ),
    ...ADAPTER_RECEIVER_KINDS.flatMap((kind) => {
      const adapter = PRINCIPALS.adapter(kind);
      return consumingService(
        adapter,
        `hub-${kind}-adapter`,
        [allow(adapter, 'READ', 'TOPIC', TOPICS.outbound(kind))],
        [],
      );
    }),
    ...consumingService(
      PRINCIPALS.notifier,
      'hub-notifier',
      [allow(PRINCIPALS.notifier, 'READ', 'TOPIC', TOPICS.events)],
      [],
    ),
    ...consumingService(
      monitor,
      'hub-monitor',
      [
        allow(monitor, 'READ', 'TOPIC', TOPICS.events),
        allow(monitor, 'READ', 'TOPIC', TOPICS.deadLetters),
        // Consumer lag of every hub service (the dashboard and the deadline watch): listing the
        // groups needs DESCRIBE on the cluster, their offsets DESCRIBE on each group.
        allow(monitor, 'DESCRIBE', 'GROUP', 'hub-', 'PREFIXED'),
        allow(monitor, 'DESCRIBE', 'CLUSTER', 'kafka-cluster'),
      ],
      [],
    ),
    // The ingress puts each authenticated partner's message on that partner's inbound topic.
    allow(PRINCIPALS.ingress, 'DESCRIBE', 'TOPIC', HUB_TOPIC_PREFIX, 'PREFIXED'),
    allow(PRINCIPALS.ingress, 'WRITE', 'TOPIC', INBOUND_PREFIX, 'PREFIXED'),
    allow(PRINCIPALS.partnerSimulator, 'DESCRIBE', 'TOPIC', HUB_TOPIC_PREFIX, 'PREFIXED'),
    allow(PRINCIPALS.partnerSimulator, 'WRITE', 'TOPIC', INBOUND_PREFIX, 'PREFIXED'),
  ];
  for (const partner of partners) {
    // Literal names: a prefix would let partner "akasse-3f" write "akasse-3f0"'s topics too.
    for (const channel of CHANNELS_BY_SENDER_KIND[partner.kind] ?? []) {
      acls.push(allow(PRINCIPALS.partner(partner), 'WRITE', 'TOPIC', inboundTopic(channel, partner)));
    }
  }
  return acls;
}
