import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import type { Kafka, Producer } from '@hub/kafka';
import { Pool } from 'pg';

import {
  generateWorkload,
  publishMessages,
  PublishResult,
  RecordSink,
} from '../../apps/partner-simulator/src/traffic';
import {
  audited,
  AuditedMessage,
  auditWorkload,
  FaultAudit,
  idsOf,
  InboxItem,
  outboundTopicEnds,
  TopicOffsets,
  unsettled,
} from '../../faults/audit';
import { ReadinessTarget, ReadinessWatch } from '../../faults/readiness';
import { eventually } from '../support/eventually';
import { testKafka } from '../support/kafka-topics';
import {
  assertStackUp,
  hubServices,
  PROFILE,
  REPO_ROOT,
  stackService,
  stackSettings,
} from '../support/local-stack';
import { capturedMails } from '../support/mail-sink';
import { codec } from '../support/messages';

/** Messages of the simulator's workload. Their mails (about 0.8 a message) take longest to settle. */
const MESSAGES = 1_000;
/** Offered load, messages per second: the outage falls in the middle of 10 s of traffic. */
const RATE = 100;
/** How long PostgreSQL stays stopped: a restart as an operator does one, with the hub busy meanwhile. */
const DOWN_MS = 10_000;
/** Issue 13's target: every service ready again this soon after the database is back. */
const READY_WITHIN_MS = 60_000;
/** The hub's services whose readiness (/health/ready) is watched; the simulator is the partners, not the hub. */
const WATCHED_SERVICES = [
  'router',
  'jobcenter-adapter',
  'akasse-adapter',
  'union-adapter',
  'company-adapter',
  'notifier',
  'monitor',
  'ingress',
] as const;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 13, items 5 and 6, the CI-sized PostgreSQL row of the fault matrix: the database really
 * stopped (infra/bin/stack stop postgres: pg_ctl stop -m fast, every connection cut) for 10 s and
 * started again while 1,000 messages of the simulator's workload flow through every hub service.
 * Every message is audited with faults/audit.ts, as the fault matrix does: routed once, delivered
 * once to each receiver, one exchange-log row with one timeline step per event, no mail twice, each
 * citizen's order kept; and every service ready again within 60 s of the database's return.
 */
describe('PostgreSQL restarted under load', () => {
  const stack = stackSettings();
  // A pool, not one client: the spec's own connections die with the database too, and a pool opens
  // new ones once it is back (an idle connection's error is expected then, not a failure).
  const db = new Pool({ connectionString: stack.databaseUrl, max: 2 });
  db.on('error', () => undefined);
  const readiness: ReadinessTarget[] = [];
  let kafka: Kafka;
  let producer: Producer;

  /** The partners' publishing, as the simulator does it: one batch per send, retried as it was when it fails. */
  const sink: RecordSink = {
    send: async (records) => {
      const byTopic = new Map<string, typeof records>();
      for (const record of records) byTopic.set(record.topic, [...(byTopic.get(record.topic) ?? []), record]);
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic,
          // With the record's own time, as the simulator publishes it: on the test profile's
          // create-time inbound topics it is the hub's clock, so each message is judged on its
          // storyline's date. Without it the router judged the day of the run, routed what the
          // workload means to be rejected (late answers), and the receipts the audit waits for
          // never came.
          messages: list.map(({ key, value, headers, timestamp }) => ({
            key,
            value,
            headers,
            ...(timestamp === undefined ? {} : { timestamp: String(timestamp) }),
          })),
        })),
      });
    },
  };

  beforeAll(async () => {
    assertStackUp();
    // Fresh services with this spec's settings: the simulated partners only receive (answers would
    // add messages of their own) and the notifier polls often. The workload is dated 2024-2025 and
    // the retention job's first round comes 5 s after the monitor starts, maybe with the workload
    // under way: exchanges under no agreement in force are kept 100 years here instead of 12
    // months, so no round purges one (it would count as a lost exchange-log row), and no round but
    // that first one runs during the spec.
    hubServices.down();
    hubServices.up([], {
      SIMULATOR_ANSWERS: 'false',
      NOTIFIER_POLL_MS: '250',
      MONITOR_RETENTION_INTERVAL_MS: String(24 * 3_600_000),
      MONITOR_DEFAULT_RETENTION_MONTHS: '1200',
    });
    const ingressCa = join(REPO_ROOT, '.stack', PROFILE, 'ingress-tls', 'ca.crt');
    for (const service of WATCHED_SERVICES) {
      const url = hubServices.url(service, '/health/ready');
      readiness.push(
        service === 'ingress'
          ? { service, url: url.replace('http:', 'https:'), caFile: ingressCa }
          : { service, url },
      );
    }
    kafka = testKafka();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
  }, 480_000);

  afterAll(async () => {
    // Whatever happened above, the later suites need the database, and services with the defaults.
    await stackService.start('postgres');
    await producer?.disconnect();
    await db.end().catch(() => undefined);
    hubServices.down();
  }, 180_000);

  /** The audit of issue 13's checks, with every count that must be zero. */
  async function expectNothingLostOrDuplicated(
    workload: readonly AuditedMessage[],
    startOffsets: TopicOffsets,
  ): Promise<FaultAudit> {
    const simulator = (path: string): string => hubServices.url('partner-simulator', path);
    const result = await auditWorkload(
      {
        db,
        kafka,
        codec,
        startOffsets,
        inbox: async (partner) => {
          const [kind, id] = partner.split(':');
          const response = await fetch(simulator(`/partners/${kind}/${id}/inbox`));
          return ((await response.json()) as { items: InboxItem[] }).items;
        },
        receivedMails: async () => {
          const received = new Map<string, number>();
          for (const mail of await capturedMails(stack.mailUiUrl)) {
            const messageId = mail.headers['message-id'] ?? '';
            received.set(messageId, (received.get(messageId) ?? 0) + 1);
          }
          return received;
        },
      },
      workload,
    );
    const none = { count: 0, examples: [] };
    expect({
      lost: result.lost,
      duplicatedRouting: result.duplicatedRouting,
      duplicatedDeliveries: result.duplicatedDeliveries,
      duplicatedLogRows: result.duplicatedLogRows,
      duplicatedMails: result.duplicatedMails,
      orderBroken: result.orderBroken,
      wrongOutcome: result.wrongOutcome,
    }).toEqual({
      lost: none,
      duplicatedRouting: none,
      duplicatedDeliveries: none,
      duplicatedLogRows: none,
      duplicatedMails: none,
      orderBroken: none,
      wrongOutcome: none,
    });
    // The checks had something to count: deliveries to partners and mails to caseworkers.
    expect(result.deliveries).toBeGreaterThan(result.messages / 2);
    expect(result.mails).toBeGreaterThan(0);
    return result;
  }

  it('PostgreSQL stopped for 10 s mid-load and started again: nothing lost or duplicated, order kept, every service ready within 60 s', async () => {
    const { messages } = generateWorkload({ seed: 1305, count: MESSAGES, runId: randomUUID() });
    const workload = messages.map(audited);
    const ids = idsOf(workload);
    // The outbound topics hold every earlier suite's records: the audit reads from here on.
    const startOffsets = await outboundTopicEnds(kafka);
    let published = 0;
    const publishing: Promise<PublishResult> = publishMessages(sink, messages, {
      rate: RATE,
      retryDelayMs: 1_000,
      maxRetries: 60,
      onProgress: (count) => {
        published = count;
      },
    });
    // Awaited after the outage; a failure before then must not count as unhandled meanwhile.
    void publishing.catch(() => undefined);
    await eventually(
      'a third of the workload published and the first of it in the exchange log',
      async () => {
        if (published < MESSAGES / 3) return undefined;
        const { rows } = await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM exchange_log WHERE message_id = ANY($1::uuid[])',
          [ids],
        );
        return rows[0].n > 0 ? true : undefined;
      },
      { timeoutMs: 90_000 },
    );

    const watch = new ReadinessWatch(readiness);
    let backAt: number;
    try {
      await stackService.stop('postgres');
      // The outage itself is the fault: its length is the point, not a wait for something to happen.
      await sleep(DOWN_MS);
      await stackService.start('postgres');
      backAt = Date.now();
      watch.faultEnded(backAt);
      expect((await publishing).published).toBe(MESSAGES);
      await eventually(
        'every hub service ready again',
        async () => {
          if (watch.readyAfterMs() !== undefined) return true;
          throw new Error(`not ready: ${watch.notReadyNow().join(', ')}`);
        },
        { timeoutMs: READY_WITHIN_MS + 30_000, intervalMs: 500 },
      );
    } finally {
      await watch.stop();
    }
    await eventually(
      'every message of the workload settled: logged, and delivered to each receiver',
      async () => {
        const missing = await unsettled(db, workload);
        if (missing.length === 0) return true;
        throw new Error(`${missing.length} not settled, e.g. ${missing.slice(0, 3).join('; ')}`);
      },
      { timeoutMs: 360_000, intervalMs: 2_000 },
    );
    const settledAt = Date.now();

    // The outage was felt (the services said so), and they were whole again within the target.
    expect(watch.notReadyDuringFault.size).toBeGreaterThan(0);
    expect(watch.readyAfterMs()).toBeLessThanOrEqual(READY_WITHIN_MS);
    await expectNothingLostOrDuplicated(workload, startOffsets);
    console.info(
      `PostgreSQL stopped ${DOWN_MS / 1000} s: not ready meanwhile ${[...watch.notReadyDuringFault].join(', ')}; all ready ${watch.readyAfterMs()} ms and all settled ${settledAt - backAt} ms after the restart`,
    );
  }, 900_000);
});
