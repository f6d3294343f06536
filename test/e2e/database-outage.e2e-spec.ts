import { randomUUID } from 'node:crypto';

import { HEADERS, TOPICS } from '@hub/contracts';
import type { Consumer, Kafka, Producer } from '@hub/kafka';
import { Client } from 'pg';

import { eventually } from '../support/eventually';
import { header, testKafka } from '../support/kafka-topics';
import { assertStackUp, hubServices, stackSettings } from '../support/local-stack';
import { capturedMails, isDeadlineMail } from '../support/mail-sink';
import { atQueuedTime, encodeRecommendation, F1_TOPIC, recommendation, testCpr } from '../support/messages';
import { TcpFaultProxy } from '../support/tcp-fault-proxy';

/** How long the database stays away: a restart of PostgreSQL, as an operator would do one. */
const OUTAGE_MS = 5_000;
/** Kafka records carrying one of this spec's message ids, as a user reading the topics sees them. */
interface SeenRecord {
  topic: string;
  messageId: string;
  kind: string | undefined;
  headers: Record<string, string>;
}

/** What a dead letter says about itself, for a failure message that explains why it was set aside. */
interface DeadLetterSummary {
  messageId: string;
  reasonCode: string | undefined;
  reasonText: string | undefined;
  sourceTopic: string | undefined;
}

/**
 * Reads the hub's topics from the beginning for the whole spec and keeps every record that carries
 * one of the watched message ids. One consumer for all tests: a fresh reader per check would spend
 * seconds joining its group each time.
 */
class RecordWatch {
  private readonly watched = new Set<string>();
  private readonly seen: SeenRecord[] = [];
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: `e2e-watch-${randomUUID()}`, readUncommitted: false });
    this.consumer = consumer;
    await consumer.connect();
    for (const topic of this.topics) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const messageId = header(message, HEADERS.messageId);
        if (messageId === undefined || !this.watched.has(messageId)) return;
        // Headers only: the value is a partner's message and carries a CPR number.
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
        );
        this.seen.push({ topic, messageId, kind: header(message, HEADERS.kind), headers });
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  watch(messageIds: readonly string[]): void {
    for (const id of messageIds) this.watched.add(id);
  }

  records(topic: string, messageIds: readonly string[], kind?: string): SeenRecord[] {
    return this.seen.filter(
      (record) =>
        record.topic === topic &&
        messageIds.includes(record.messageId) &&
        (kind === undefined || record.kind === kind),
    );
  }

  deadLetters(messageIds: readonly string[]): DeadLetterSummary[] {
    return this.records(TOPICS.deadLetters, messageIds).map((record) => ({
      messageId: record.messageId,
      reasonCode: record.headers[HEADERS.reasonCode],
      reasonText: record.headers[HEADERS.reasonText],
      sourceTopic: record.headers[HEADERS.sourceTopic],
    }));
  }
}

const countBy = (values: readonly string[]): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
};

/** How many times each message id appears among `found`, for every id sent (0 when missing). */
const timesEach = (messageIds: readonly string[], found: readonly string[]): Record<string, number> => {
  const counts = countBy(found);
  return Object.fromEntries(messageIds.map((id) => [id, counts.get(id) ?? 0]));
};

const onceEach = (messageIds: readonly string[]): Record<string, number> =>
  Object.fromEntries(messageIds.map((id) => [id, 1]));

/** The reference a caseworker's mail names an exchange by. */
const referenceOf = (messageId: string): string => messageId.slice(0, 8).toUpperCase();

interface InboxItem {
  document: { messageId: string };
}

interface TimelineStep {
  step: string;
}

/**
 * PostgreSQL going away for a few seconds (a restart, a fail-over) must not lose or set aside any
 * message: a consumer whose database work fails for that reason retries the record in place until
 * the database is back, then processes it once. Each test runs one consumer app from dist/, started
 * as an operator starts it, with its database behind a loopback proxy; the proxy drops the app's
 * connections and refuses new ones for OUTAGE_MS while partner messages flow through the hub, then
 * lets them through again. The other services use the database directly and see nothing.
 *
 * A dead letter here is the failure this spec exists for: it means a record was given up on because
 * of an outage that passed, and an operator would have to find and replay it by hand.
 */
describe('a database outage while messages flow through the hub', () => {
  const stack = stackSettings();
  const db = new Client({ connectionString: stack.databaseUrl });
  const jobcenterTopic = TOPICS.outbound('jobcenter');
  let proxy: TcpFaultProxy;
  let kafka: Kafka;
  let producer: Producer;
  let watch: RecordWatch;
  let published = 0;

  /**
   * hub-services builds HUB_DATABASE_URL from the profile's HUB_PG_PORT (a HUB_DATABASE_URL in the
   * environment is not passed on), so the service is pointed at the proxy through the port.
   */
  const databaseBehindProxy = (): Record<string, string> => ({ HUB_PG_PORT: String(proxy.port) });

  /** Publishes F1 recommendations (a-kasse 3F → jobcenter Norddjurs) as the partner does; returns their ids. */
  async function publishRecommendations(count: number): Promise<string[]> {
    const messages = Array.from({ length: count }, () => {
      published += 1;
      return recommendation({ cpr: testCpr(700 + published) });
    });
    const ids = messages.map((message) => message.envelope.messageId);
    watch.watch(ids);
    await producer.send({
      topic: F1_TOPIC,
      acks: -1,
      // One key per citizen, so the records spread over the partitions as real traffic does.
      messages: atQueuedTime(
        messages.map((message, index) => ({
          key: `db-outage-citizen-${published - count + index}`,
          value: encodeRecommendation(message),
          headers: {},
        })),
      ),
    });
    return ids;
  }

  async function isReady(readyUrl: string): Promise<boolean> {
    try {
      const response = await fetch(readyUrl, { signal: AbortSignal.timeout(3_000) });
      return response.ok;
    } catch {
      return false;
    }
  }

  /**
   * The scenario every test shares: messages already flowing to `service` (its database in use
   * through the proxy), the database cut for OUTAGE_MS while more are published, then restored.
   * Waits until each message is either processed (`processed` says which are) or dead-lettered, and
   * fails if any was dead-lettered. Returns the message ids sent.
   */
  async function outageWhileFlowing(
    service: string,
    processed: (messageIds: string[]) => Promise<string[]>,
  ): Promise<string[]> {
    const readyUrl = hubServices.url(service, '/health/ready');
    const before = await publishRecommendations(4);
    await eventually(
      `${service} to process the first messages (its database in use)`,
      async () => ((await processed(before)).length > 0 ? true : undefined),
      { timeoutMs: 45_000 },
    );
    // Otherwise the outage below would not touch the service, and the test would prove nothing.
    expect((await proxy.counts()).forwarded).toBeGreaterThan(0);

    await proxy.refuse();
    const cutAt = Date.now();
    const during = await publishRecommendations(3);
    await eventually(
      `${service} to notice that its database is gone (not ready)`,
      async () => ((await isReady(readyUrl)) ? undefined : true),
      { timeoutMs: OUTAGE_MS - 1_000 },
    );
    const late = await publishRecommendations(3);
    // The outage lasts its full length whatever the service does meanwhile: this is the fault itself,
    // not a wait for a result.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, cutAt + OUTAGE_MS - Date.now())));
    const cut = await proxy.pass();
    expect(cut.cut + cut.refused).toBeGreaterThan(0);

    const ids = [...before, ...during, ...late];
    await eventually(
      `every message processed or dead-lettered by ${service} after the database came back`,
      async () => {
        const settled = new Set([
          ...(await processed(ids)),
          ...watch.deadLetters(ids).map((letter) => letter.messageId),
        ]);
        return ids.every((id) => settled.has(id)) ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(watch.deadLetters(ids)).toEqual([]);
    await eventually(`${service} to report ready again`, async () =>
      (await isReady(readyUrl)) ? true : undefined,
    );
    return ids;
  }

  /**
   * The rows `sql` finds for `messageIds` (message_id, status), once every message has a row in
   * `finalStatus`; the caller then checks that there is one each.
   */
  function rowsOnceSettled(
    sql: string,
    messageIds: string[],
    finalStatus: string,
  ): Promise<{ message_id: string; status: string }[]> {
    return eventually(`a ${finalStatus} row for every message`, async () => {
      const { rows } = await db.query<{ message_id: string; status: string }>(sql, [messageIds]);
      const settled = (id: string): boolean =>
        rows.some((row) => row.message_id === id && row.status === finalStatus);
      return messageIds.every(settled) ? rows : undefined;
    });
  }

  beforeAll(async () => {
    assertStackUp();
    // Every service starts in its test with that test's settings, none left over from another suite.
    hubServices.down();
    proxy = await TcpFaultProxy.start({ host: '127.0.0.1', port: Number(new URL(stack.databaseUrl).port) });
    await db.connect();
    kafka = testKafka();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    watch = new RecordWatch(kafka, [jobcenterTopic, TOPICS.events, TOPICS.deadLetters]);
    await watch.start();
  }, 60_000);

  afterEach(async () => {
    await proxy.pass(); // a test that failed mid-outage leaves no cut database behind
    hubServices.down();
  }, 90_000);

  afterAll(async () => {
    await watch?.stop();
    await producer?.disconnect();
    await db.end();
    await proxy?.close();
  }, 60_000);

  it('router: routes every message once, dead-letters none, and is ready again', async () => {
    hubServices.up(['router'], databaseBehindProxy());
    const routedIds = async (ids: string[]): Promise<string[]> =>
      watch.records(jobcenterTopic, ids).map((record) => record.messageId);

    const ids = await outageWhileFlowing('router', routedIds);

    // A routed message shows up once on the jobcenter topic, with one hub event saying so.
    expect(timesEach(ids, await routedIds(ids))).toEqual(onceEach(ids));
    // The event is committed with the routed record, but the watch reads the two topics separately.
    const routedEvents = await eventually('the ExchangeRouted event of every message', async () => {
      const found = watch.records(TOPICS.events, ids, 'events.ExchangeRouted');
      return ids.every((id) => found.some((record) => record.messageId === id)) ? found : undefined;
    });
    expect(
      timesEach(
        ids,
        routedEvents.map((record) => record.messageId),
      ),
    ).toEqual(onceEach(ids));
  }, 150_000);

  it('jobcenter adapter: queues and delivers every message to the partner once, dead-letters none, and is ready again', async () => {
    hubServices.up(['router', 'partner-simulator'], { SIMULATOR_ANSWERS: 'false' });
    hubServices.up(['jobcenter-adapter'], databaseBehindProxy());
    const inboxUrl = hubServices.url('partner-simulator', '/partners/jobcenter/707/inbox');
    const delivered = async (ids: string[]): Promise<string[]> => {
      const response = await fetch(inboxUrl);
      const { items } = (await response.json()) as { items: InboxItem[] };
      return items.map((item) => item.document.messageId).filter((id) => ids.includes(id));
    };

    const ids = await outageWhileFlowing('jobcenter-adapter', delivered);

    // At the partner once each, from one queue row each, delivered. (The adapter's DeliverySucceeded
    // events carry no message-id header, so they are not counted here.)
    expect(timesEach(ids, await delivered(ids))).toEqual(onceEach(ids));
    // The worker marks a row delivered just after the partner answered: wait for that, then count.
    const rows = await rowsOnceSettled(
      'SELECT message_id, status FROM delivery_queue WHERE message_id = ANY($1)',
      ids,
      'delivered',
    );
    expect(
      timesEach(
        ids,
        rows.map((row) => row.message_id),
      ),
    ).toEqual(onceEach(ids));
    expect(rows.filter((row) => row.status !== 'delivered')).toEqual([]);
  }, 150_000);

  it('notifier: mails the caseworker once about every message, dead-letters none, and is ready again', async () => {
    hubServices.up(['router']);
    hubServices.up(['notifier'], { ...databaseBehindProxy(), NOTIFIER_POLL_MS: '250' });
    const mailedIds = async (ids: string[]): Promise<string[]> => {
      const mails = (await capturedMails(stack.mailUiUrl)).filter((mail) => !isDeadlineMail(mail));
      return ids.flatMap((id) =>
        mails.filter((mail) => mail.subject.includes(referenceOf(id))).map(() => id),
      );
    };

    const ids = await outageWhileFlowing('notifier', mailedIds);

    expect(timesEach(ids, await mailedIds(ids))).toEqual(onceEach(ids));
    // The outbox row is marked sent just after the SMTP server took the mail: wait for that, then count.
    const rows = await rowsOnceSettled(
      `SELECT jsonb_array_elements_text(message_ids) AS message_id, status FROM mail_outbox
       WHERE message_ids ?| $1::text[] AND subject NOT LIKE 'Frist %'`,
      ids,
      'sent',
    );
    expect(
      timesEach(
        ids,
        rows.map((row) => row.message_id),
      ),
    ).toEqual(onceEach(ids));
    expect(rows.filter((row) => row.status !== 'sent')).toEqual([]);
  }, 150_000);

  it('monitor: logs every exchange once, dead-letters none, and is ready again', async () => {
    hubServices.up(['router']);
    hubServices.up(['monitor'], databaseBehindProxy());
    const monitorUrl = hubServices.url('monitor', '');
    const apiKey = hubServices.env('monitor').MONITOR_ADMIN_API_KEY;
    const routedSteps = async (id: string): Promise<number> => {
      const response = await fetch(`${monitorUrl}/api/exchanges/${id}/timeline`, {
        headers: { 'x-api-key': apiKey },
      });
      if (response.status === 404) return 0;
      if (!response.ok) throw new Error(`timeline of ${id}: ${response.status}`);
      const { steps } = (await response.json()) as { steps: TimelineStep[] };
      return steps.filter((step) => step.step === 'routed').length;
    };
    const logged = async (ids: string[]): Promise<string[]> => {
      const found: string[] = [];
      for (const id of ids) if ((await routedSteps(id)) > 0) found.push(id);
      return found;
    };

    const ids = await outageWhileFlowing('monitor', logged);

    // In the exchange log once, with one "routed" step on its timeline, as the API shows it.
    const { rows } = await db.query<{ message_id: string; status: string }>(
      'SELECT message_id::text AS message_id, status FROM exchange_log WHERE message_id = ANY($1::uuid[])',
      [ids],
    );
    expect(
      timesEach(
        ids,
        rows.map((row) => row.message_id),
      ),
    ).toEqual(onceEach(ids));
    const steps: Record<string, number> = {};
    for (const id of ids) steps[id] = await routedSteps(id);
    expect(steps).toEqual(onceEach(ids));
    // Nor kept in the monitor's own list of dead letters.
    const { rows: deadLetters } = await db.query<{ message_id: string; reason_code: string }>(
      'SELECT message_id, reason_code FROM dead_letter WHERE message_id = ANY($1)',
      [ids],
    );
    expect(deadLetters).toEqual([]);
  }, 150_000);
});
