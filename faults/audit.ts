/**
 * What a fault did to the hub, measured on what the hub left behind: for every message of a
 * simulated workload, its copies on the outbound topics, its rows in the adapters' delivery queue,
 * the documents at the simulated partner systems, its exchange-log row and timeline, and its mails.
 * Shared by the fault matrix (`npm run faults`, faults/run.ts) and its CI-sized subset
 * (test/e2e/database-restart.e2e-spec.ts and service-restarts.e2e-spec.ts, through
 * test/support/workload-audit.ts), so all of them count the same way.
 */
import { randomUUID } from 'node:crypto';

import { HEADERS, HubCodec, OUTBOUND_RECEIVER_KINDS, PartyKind, RoutedMessage, TOPICS } from '@hub/contracts';
import type { Kafka } from '@hub/kafka';

import type { Expectation, GeneratedMessage } from '../apps/partner-simulator/src/traffic';

export interface Party {
  kind: string;
  id: string;
}

/** The database, as `pg`'s Client or Pool answers. */
export interface Queryable {
  query<R extends object>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** One document a partner should get: a routed message, or the receipt telling a sender it was rejected. */
export interface ExpectedDelivery {
  messageId: string;
  partner: string;
  documentType: 'message' | 'rejection-receipt';
}

/** What the simulated partner systems received (the simulator's inbox), per partner `kind:id`. */
export interface InboxItem {
  deliveries: number;
  document: { documentType: string; messageId: string | null };
}

export interface AuditSources {
  db: Queryable;
  kafka: Kafka;
  codec: HubCodec;
  /** A partner's inbox at the simulator, in arrival order (simulatorInbox). */
  inbox: (partner: string) => Promise<InboxItem[]>;
  /** How many whole mails the SMTP sink received per Message-ID header (faults/mail-sink.ts). */
  receivedMails: () => Promise<Map<string, number>>;
  /** How long to wait for the outbound topics to show every expected copy. */
  topicTimeoutMs?: number;
  /**
   * Where to start reading each outbound topic (outboundTopicEnds() before the workload was
   * published), so an audit reads only what came after; from the beginning when absent.
   */
  startOffsets?: TopicOffsets;
}

/** The partners' inboxes at the partner simulator listening on `simulatorUrl` (its REST API). */
export function simulatorInbox(simulatorUrl: string): AuditSources['inbox'] {
  return async (partner) => {
    const [kind, id] = partner.split(':');
    const response = await fetch(`${simulatorUrl}/partners/${kind}/${id}/inbox`);
    if (!response.ok)
      throw new Error(`the partner simulator answered ${response.status} for ${partner}'s inbox`);
    return ((await response.json()) as { items: InboxItem[] }).items;
  };
}

/** Per topic, per partition, an offset. */
export type TopicOffsets = Record<string, { partition: number; offset: string }[]>;

/** The end of every outbound topic now: an audit started from here reads only what comes after. */
export async function outboundTopicEnds(kafka: Kafka): Promise<TopicOffsets> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends: TopicOffsets = {};
    for (const kind of OUTBOUND_RECEIVER_KINDS) {
      const topic = TOPICS.outbound(kind);
      ends[topic] = (await admin.fetchTopicOffsets(topic)).map(({ partition, offset }) => ({
        partition,
        offset,
      }));
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Each list names what it found (at most `EXAMPLES` of them are kept; the count is exact), so a
 * failed check says where to look.
 */
export interface Finding {
  count: number;
  examples: string[];
}

export interface FaultAudit {
  /** Workload messages with a message id (garbage has none and is left out). */
  messages: number;
  /** Documents the partners should have got. */
  deliveries: number;
  /** Mails recorded in the outbox for the workload. */
  mails: number;
  /** Something a message should have led to and did not: a copy, a delivery, a log row, a mail. */
  lost: Finding;
  /** A routed copy more than once on an outbound topic. */
  duplicatedRouting: Finding;
  /** A document queued twice, at a partner twice, or sent to it more than once. */
  duplicatedDeliveries: Finding;
  /** An exchange-log row or timeline step more than once. */
  duplicatedLogRows: Finding;
  /** A mail recorded twice for the same message and mailbox, or received more than once. */
  duplicatedMails: Finding;
  /** One citizen's messages out of their publishing order on an outbound topic or at a partner. */
  orderBroken: Finding;
  /** A routed message logged as rejected, or a rejected one with another reason than intended. */
  wrongOutcome: Finding;
}

/** The audit's findings: every one of them must count 0 for a fault's targets to be met. */
export const FINDINGS = [
  'lost',
  'duplicatedRouting',
  'duplicatedDeliveries',
  'duplicatedLogRows',
  'duplicatedMails',
  'orderBroken',
  'wrongOutcome',
] as const satisfies readonly (keyof FaultAudit)[];

export type FindingName = (typeof FINDINGS)[number];
/** Compile-time proof that FINDINGS lists every finding of FaultAudit. */
type FindingOfFaultAudit = {
  [K in keyof FaultAudit]: FaultAudit[K] extends Finding ? K : never;
}[keyof FaultAudit];
const everyFindingListed: Exclude<FindingOfFaultAudit, FindingName> extends never ? true : never = true;
void everyFindingListed;

/** Just the findings of an audit, without its counts of what was checked. */
export function findingsOf(audit: FaultAudit): Record<FindingName, Finding> {
  return Object.fromEntries(FINDINGS.map((name) => [name, audit[name]])) as Record<FindingName, Finding>;
}

/** Whether an audit found nothing at all: nothing lost, duplicated, out of order or judged otherwise. */
export const foundNothing = (audit: FaultAudit): boolean => FINDINGS.every((name) => audit[name].count === 0);

const EXAMPLES = 5;

class FindingList {
  count = 0;
  readonly examples: string[] = [];

  add(text: string): void {
    this.count += 1;
    if (this.examples.length < EXAMPLES) this.examples.push(text);
  }

  toJSON(): Finding {
    return { count: this.count, examples: this.examples };
  }
}

/**
 * What the audit needs of a workload message. A GeneratedMessage also holds the message itself and
 * its encoding: the fault matrix keeps only this for its 100,000 messages per fault.
 */
export interface AuditedMessage {
  /** Null for garbage, which has none (and is left out of the audit). */
  messageId: string | null;
  expect: Expectation;
  publisher: Party;
  receivers: Party[];
  /** The inbound topic and key it was published with: its sender's order per citizen. */
  topic: string;
  key: string;
  /**
   * Whether it is about a citizen (carries a CPR number). Only those are keyed by the citizen's
   * pseudonym on the outbound topics; one without (a job order) is keyed by its own message id, and
   * the hub promises no order between such messages.
   */
  aboutCitizen: boolean;
}

export function audited(message: GeneratedMessage): AuditedMessage {
  const envelope = (message.value as { envelope?: { receivers: Party[] } } | null)?.envelope;
  return {
    messageId: message.messageId,
    expect: message.expect,
    publisher: message.publisher,
    receivers: envelope?.receivers ?? [],
    topic: message.topic,
    key: message.key,
    aboutCitizen: message.cpr !== null,
  };
}

export const partnerOf = (party: Party): string => `${party.kind}:${party.id}`;
const deliverable = (party: Party): boolean => OUTBOUND_RECEIVER_KINDS.includes(party.kind as PartyKind);

/** The citizen as its sender knows them: messages on one inbound topic under one key keep their order. */
const citizenOf = (message: AuditedMessage): string => `${message.topic}|${message.key}`;

export const idsOf = (workload: readonly AuditedMessage[]): string[] =>
  workload.flatMap((m) => (m.messageId === null ? [] : [m.messageId]));

/** The values that occur more than once, with how often. */
export function repeated(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return new Map([...counts].filter(([, count]) => count > 1));
}

/**
 * The citizens whose messages in `arrived` (one receiving stream: an outbound topic, a partner's
 * inbox, in its own order) are not in the order their sender published them. The hub promises this
 * order per citizen ("Order per citizen" in README.md): routed copies are keyed by the citizen's
 * pseudonym, and each partner's queue is delivered in the order it was consumed.
 */
export function orderBroken(arrived: readonly string[], workload: readonly AuditedMessage[]): string[] {
  const position = new Map<string, number>();
  arrived.forEach((id, index) => {
    if (!position.has(id)) position.set(id, index);
  });
  const byCitizen = new Map<string, string[]>();
  for (const message of workload) {
    if (message.messageId === null || !message.aboutCitizen || !position.has(message.messageId)) continue;
    const citizen = citizenOf(message);
    byCitizen.set(citizen, [...(byCitizen.get(citizen) ?? []), message.messageId]);
  }
  const broken: string[] = [];
  for (const [citizen, published] of byCitizen) {
    const seen = [...published].sort((a, b) => (position.get(a) as number) - (position.get(b) as number));
    if (seen.join() !== published.join()) broken.push(citizen);
  }
  return broken;
}

/** Every document the workload's messages should bring a partner: each routed copy, each receipt. */
export function expectedDeliveries(workload: readonly AuditedMessage[]): ExpectedDelivery[] {
  return workload.flatMap((message): ExpectedDelivery[] => {
    if (message.messageId === null) return [];
    const messageId = message.messageId;
    if (message.expect.outcome === 'routed')
      return message.receivers
        .filter(deliverable)
        .map((receiver) => ({ messageId, partner: partnerOf(receiver), documentType: 'message' }));
    if (message.expect.outcome === 'rejected' && deliverable(message.publisher))
      return [{ messageId, partner: partnerOf(message.publisher), documentType: 'rejection-receipt' }];
    return [];
  });
}

const deliveryKey = (messageId: string, partner: string, documentType: string): string =>
  `${messageId}|${partner}|${documentType}`;

interface QueueRow {
  message_id: string;
  partner: string;
  document_type: string;
  status: string;
  /** Whether the adapter has published the delivery's outcome event (what the timeline is made of). */
  event_published: boolean;
}

interface OutboxRow {
  mail_id: string;
  mailbox: string;
  status: string;
  mail_kind: string;
  message_id: string;
}

async function queueRows(db: Queryable, ids: string[]): Promise<QueueRow[]> {
  const { rows } = await db.query<QueueRow>(
    'SELECT message_id, partner, document_type, status, event_published FROM delivery_queue WHERE message_id = ANY($1)',
    [ids],
  );
  return rows;
}

/** The workload's mails in the notifier's outbox, one row per message a mail is about. */
async function outboxRows(db: Queryable, ids: string[]): Promise<OutboxRow[]> {
  const { rows } = await db.query<OutboxRow>(
    `SELECT mail_id::text, mailbox, status, mail_kind, m AS message_id
       FROM mail_outbox, jsonb_array_elements_text(message_ids) AS m
      WHERE message_ids ?| $1::text[] AND subject NOT LIKE 'Frist %'`,
    [ids],
  );
  const ours = new Set(ids);
  return rows.filter((row) => ours.has(row.message_id));
}

/**
 * Why a message has no exchange-log row, when the hub says: the monitor's retention job purged it
 * (its id is in `purged_exchange`). The workload replays 2025 dates, past a 12-month retention, so a
 * round during a run takes rows the audit counts: a run keeps the rounds away
 * (MONITOR_RETENTION_INTERVAL_MS), and this names the cause when one came all the same.
 */
async function purgedOf(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ message_id: string; purged_at: Date }>(
    'SELECT message_id::text, purged_at FROM purged_exchange WHERE message_id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(
    rows.map((row) => [row.message_id, ` (purged by retention at ${row.purged_at.toISOString()})`]),
  );
}

/**
 * What has not reached its end yet: a message without its exchange-log row, a document not yet
 * delivered or not yet on its message's timeline, a mail not yet sent. Empty once the workload has
 * settled (or what is missing is lost for good: the audit tells which).
 */
export async function unsettled(db: Queryable, workload: readonly AuditedMessage[]): Promise<string[]> {
  const ids = idsOf(workload);
  const { rows: logged } = await db.query<{ message_id: string }>(
    'SELECT message_id::text FROM exchange_log WHERE message_id = ANY($1::uuid[])',
    [ids],
  );
  const loggedIds = new Set(logged.map((row) => row.message_id));
  const notLogged = ids.filter((id) => !loggedIds.has(id));
  const purged = await purgedOf(db, notLogged);
  const deliveredRows = (await queueRows(db, ids)).filter((row) => row.status === 'delivered');
  const delivered = new Set(
    deliveredRows.map((row) => deliveryKey(row.message_id, row.partner, row.document_type)),
  );
  // A delivery on no timeline: its adapter has not published its outcome yet, or the monitor has not applied it.
  const outcomesUnpublished = deliveredRows.filter((row) => !row.event_published).length;
  const { rows: steps } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM exchange_timeline WHERE message_id = ANY($1::uuid[]) AND step = 'delivered'`,
    [ids],
  );
  const expected = expectedDeliveries(workload);
  const unsent = (await outboxRows(db, ids)).filter(
    (row) => row.mail_kind === 'single' && row.status !== 'sent',
  );
  return [
    ...notLogged.map((id) => `no exchange-log row for ${id}${purged.get(id) ?? ''}`),
    ...expected
      .filter((d) => !delivered.has(deliveryKey(d.messageId, d.partner, d.documentType)))
      .map((d) => `${d.documentType} ${d.messageId} not delivered to ${d.partner}`),
    ...(steps[0].n < expected.length
      ? [
          `${steps[0].n} of ${expected.length} deliveries on the timelines (${outcomesUnpublished} delivered documents' outcome events not yet published by their adapters)`,
        ]
      : []),
    ...unsent.map((row) => `mail ${row.mail_id} ${row.status}`),
  ];
}

interface LoggedOutcome {
  status: string;
  reason_code: string | null;
}

/** How a logged message's outcome differs from what its workload message intends, if it does. */
function outcomeOtherThanIntended(
  message: AuditedMessage,
  row: LoggedOutcome | undefined,
): string | undefined {
  if (row === undefined || message.messageId === null) return undefined;
  if (message.expect.outcome === 'routed' && row.status === 'rejected')
    return `${message.messageId} rejected (${row.reason_code})`;
  if (message.expect.outcome === 'rejected' && row.reason_code !== message.expect.reason)
    return `${message.messageId}: ${row.status} ${row.reason_code}, not ${message.expect.reason}`;
  return undefined;
}

/**
 * The workload's messages the exchange log shows judged otherwise than intended (routed when a
 * rejection was intended, or the reverse). What such a message leads to is not what the audit waits
 * for (a routed copy instead of a rejection receipt): waiting on would only time out, so a settle
 * loop stops at the first and says which.
 */
export async function judgedOtherwise(db: Queryable, workload: readonly AuditedMessage[]): Promise<string[]> {
  const { rows } = await db.query<LoggedOutcome & { message_id: string }>(
    'SELECT message_id::text, status, reason_code FROM exchange_log WHERE message_id = ANY($1::uuid[])',
    [idsOf(workload)],
  );
  const logOf = new Map(rows.map((row) => [row.message_id, row]));
  return workload.flatMap((message) => {
    const otherwise = outcomeOtherThanIntended(message, logOf.get(message.messageId ?? ''));
    return otherwise === undefined ? [] : [otherwise];
  });
}

interface OutboundCopy {
  partition: number;
  offset: bigint;
  messageId: string;
  receiver: string;
}

/**
 * The routed copies of `ids` on an outbound topic, read from the beginning as a read-committed
 * consumer reads them, until every one of `wanted` (messageId|receiver) has been seen or the time is
 * up; then a little longer, so that a duplicate written just after is seen too.
 */
async function routedCopies(
  kafka: Kafka,
  codec: HubCodec,
  topic: string,
  ids: ReadonlySet<string>,
  wanted: ReadonlySet<string>,
  timeoutMs: number,
  start: TopicOffsets[string] | undefined,
): Promise<OutboundCopy[]> {
  const groupId = `fault-audit-${randomUUID()}`;
  if (start) {
    // The reader's group starts where the topic ended before the workload: nothing older is read.
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.setOffsets({ groupId, topic, partitions: start });
    } finally {
      await admin.disconnect();
    }
  }
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  const copies: OutboundCopy[] = [];
  const seen = new Set<string>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const messageId = message.headers?.[HEADERS.messageId]?.toString();
        if (messageId === undefined || !ids.has(messageId) || !message.value) return;
        const decoded = codec.decode(message.value);
        if (decoded.kind !== 'routing.RoutedMessage') return;
        const routed = decoded.value as RoutedMessage;
        const receiver = partnerOf(routed.receiver);
        copies.push({ partition, offset: BigInt(message.offset), messageId, receiver });
        seen.add(`${messageId}|${receiver}`);
      },
    });
    const deadline = Date.now() + timeoutMs;
    while ([...wanted].some((copy) => !seen.has(copy)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 250));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return copies;
  } finally {
    await consumer.disconnect();
  }
}

/** Every check of issue 13 on a workload that has settled (or given up on: what is missing counts as lost). */
export async function auditWorkload(
  sources: AuditSources,
  workload: readonly AuditedMessage[],
): Promise<FaultAudit> {
  const { db } = sources;
  const ids = idsOf(workload);
  const ours = new Set(ids);
  const routed = workload.filter((m) => m.messageId !== null && m.expect.outcome === 'routed');
  const rejected = workload.filter((m) => m.messageId !== null && m.expect.outcome === 'rejected');
  const lost = new FindingList();
  const duplicatedRouting = new FindingList();
  const duplicatedDeliveries = new FindingList();
  const duplicatedLogRows = new FindingList();
  const duplicatedMails = new FindingList();
  const order = new FindingList();
  const wrongOutcome = new FindingList();

  // Routed once: one copy per receiver on the receivers' outbound topics, in each citizen's order.
  for (const kind of OUTBOUND_RECEIVER_KINDS) {
    const wanted = new Set(
      routed.flatMap((m) =>
        m.receivers.filter((r) => r.kind === kind).map((r) => `${m.messageId as string}|${partnerOf(r)}`),
      ),
    );
    if (wanted.size === 0) continue;
    const topic = TOPICS.outbound(kind);
    const copies = await routedCopies(
      sources.kafka,
      sources.codec,
      topic,
      ours,
      wanted,
      sources.topicTimeoutMs ?? 90_000,
      sources.startOffsets?.[topic],
    );
    const found = copies.map((copy) => `${copy.messageId}|${copy.receiver}`);
    for (const [copy, times] of repeated(found)) duplicatedRouting.add(`${topic}: ${copy} ${times} times`);
    const present = new Set(found);
    for (const copy of wanted) if (!present.has(copy)) lost.add(`${topic}: no copy ${copy}`);
    const inTopicOrder = [...copies]
      .sort((a, b) => a.partition - b.partition || (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0))
      .map((copy) => copy.messageId);
    for (const citizen of orderBroken(inTopicOrder, workload)) order.add(`${topic}: ${citizen}`);
  }

  // Queued once per receiver and delivered: the adapters' delivery queue.
  const expected = expectedDeliveries(workload);
  const queued = await queueRows(db, ids);
  const queuedKeys = queued.map((row) => deliveryKey(row.message_id, row.partner, row.document_type));
  for (const [key, times] of repeated(queuedKeys))
    duplicatedDeliveries.add(`delivery_queue: ${key} ${times} rows`);
  const deliveredKeys = new Set(
    queued
      .filter((row) => row.status === 'delivered')
      .map((row) => deliveryKey(row.message_id, row.partner, row.document_type)),
  );
  for (const d of expected) {
    const key = deliveryKey(d.messageId, d.partner, d.documentType);
    if (!deliveredKeys.has(key)) lost.add(`delivery_queue: ${key} not delivered`);
  }

  // At each partner system once, sent once (a second request with the same idempotency key is a
  // duplicated delivery, even though the partner keeps one copy), and in each citizen's order.
  for (const partner of [...new Set(expected.map((d) => d.partner))]) {
    const items = (await sources.inbox(partner)).filter((item) => ours.has(item.document.messageId ?? ''));
    const documents = items.map((item) =>
      deliveryKey(item.document.messageId as string, partner, item.document.documentType),
    );
    for (const [key, times] of repeated(documents))
      duplicatedDeliveries.add(`inbox: ${key} ${times} documents`);
    for (const item of items.filter((i) => i.deliveries > 1))
      duplicatedDeliveries.add(
        `inbox: ${deliveryKey(item.document.messageId as string, partner, item.document.documentType)} sent ${item.deliveries} times`,
      );
    const present = new Set(documents);
    for (const d of expected.filter((e) => e.partner === partner)) {
      const key = deliveryKey(d.messageId, d.partner, d.documentType);
      if (!present.has(key)) lost.add(`inbox: ${key} never arrived`);
    }
    const messages = items.filter((item) => item.document.documentType === 'message');
    for (const citizen of orderBroken(
      messages.map((item) => item.document.messageId as string),
      workload,
    ))
      order.add(`inbox ${partner}: ${citizen}`);
  }

  // One exchange-log row each, with the outcome the workload intends, and one timeline step per event.
  const { rows: logRows } = await db.query<{
    message_id: string;
    status: string;
    reason_code: string | null;
  }>('SELECT message_id::text, status, reason_code FROM exchange_log WHERE message_id = ANY($1::uuid[])', [
    ids,
  ]);
  for (const [id, times] of repeated(logRows.map((row) => row.message_id)))
    duplicatedLogRows.add(`exchange_log: ${id} ${times} rows`);
  const logOf = new Map(logRows.map((row) => [row.message_id, row]));
  const notLogged = ids.filter((id) => !logOf.has(id));
  const purged = await purgedOf(db, notLogged);
  for (const id of notLogged) lost.add(`exchange_log: no row for ${id}${purged.get(id) ?? ''}`);
  for (const message of [...routed, ...rejected]) {
    const otherwise = outcomeOtherThanIntended(message, logOf.get(message.messageId as string));
    if (otherwise !== undefined) wrongOutcome.add(otherwise);
  }
  const { rows: steps } = await db.query<{ message_id: string; step: string; what: string }>(
    `SELECT message_id::text, step,
            coalesce(detail->'receiver'->>'kind' || ':' || (detail->'receiver'->>'id'), detail->>'mailId', '') AS what
       FROM exchange_timeline
      WHERE message_id = ANY($1::uuid[]) AND step IN ('routed', 'rejected', 'delivered', 'notified')`,
    [ids],
  );
  const stepKeys = steps.map((s) => `${s.message_id}|${s.step}|${s.what}`);
  for (const [key, times] of repeated(stepKeys))
    duplicatedLogRows.add(`exchange_timeline: ${key} ${times} steps`);
  const stepSet = new Set(stepKeys);
  for (const message of routed)
    if (!stepSet.has(`${message.messageId as string}|routed|`))
      lost.add(`exchange_timeline: no routed step for ${message.messageId as string}`);
  for (const message of rejected)
    if (!stepSet.has(`${message.messageId as string}|rejected|`))
      lost.add(`exchange_timeline: no rejected step for ${message.messageId as string}`);
  for (const d of expected)
    if (!stepSet.has(`${d.messageId}|delivered|${d.partner}`))
      lost.add(`exchange_timeline: no delivered step for ${d.messageId} at ${d.partner}`);

  // No mail twice: one outbox row per message and mailbox, and the SMTP sink got each sent one once.
  const outbox = await outboxRows(db, ids);
  for (const [key, times] of repeated(
    outbox.map((row) => `${row.message_id}|${row.mailbox}|${row.mail_kind}`),
  ))
    duplicatedMails.add(`mail_outbox: ${key} ${times} rows`);
  const received = await sources.receivedMails();
  for (const mailId of new Set(outbox.filter((row) => row.status === 'sent').map((row) => row.mail_id))) {
    const times = received.get(`<${mailId}@hub.invalid>`) ?? 0;
    if (times === 0) lost.add(`mail ${mailId} sent but never received`);
    if (times > 1) duplicatedMails.add(`mail ${mailId} received ${times} times`);
  }
  for (const row of outbox.filter((r) => r.mail_kind === 'single' && r.status !== 'sent'))
    lost.add(`mail ${row.mail_id} ${row.status}`);

  return {
    messages: ids.length,
    deliveries: expected.length,
    mails: new Set(outbox.map((row) => row.mail_id)).size,
    lost: lost.toJSON(),
    duplicatedRouting: duplicatedRouting.toJSON(),
    duplicatedDeliveries: duplicatedDeliveries.toJSON(),
    duplicatedLogRows: duplicatedLogRows.toJSON(),
    duplicatedMails: duplicatedMails.toJSON(),
    orderBroken: order.toJSON(),
    wrongOutcome: wrongOutcome.toJSON(),
  };
}
