import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import type { Kafka, Producer } from '@hub/kafka';
import { Pool } from 'pg';

import {
  generateWorkload,
  producerSink,
  publishMessages,
  PublishResult,
} from '../../apps/partner-simulator/src/traffic';
import {
  audited,
  AuditedMessage,
  auditWorkload,
  FaultAudit,
  idsOf,
  InboxItem,
  judgedOtherwise,
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

/**
 * Messages of the simulator's workload per fault. Their mails (about 0.8 a message) are what takes
 * longest to settle: the notifier sends about 5 a second here.
 */
const MESSAGES_PER_FAULT = 1_000;
/** Offered load, messages per second: the fault falls in the middle of 10 s of traffic. */
const RATE = 100;
/** Issue 13's target: every service ready again this soon after the fault has ended. */
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

/**
 * Issue 13, items 4-6, the CI-sized subset of the fault matrix: the Kafka broker really killed and
 * started again (infra/bin/stack kill|start, not a proxy) while the simulator's workload flows
 * through every hub service. (PostgreSQL stopped under load belongs here too; faults/README.md says
 * why it is not yet.) For each message of the workload: routed
 * once (once per receiver on the outbound topics), delivered once to each receiving partner system,
 * one exchange-log row with one step per event, no mail twice; per citizen the order the hub promises
 * ("Order per citizen" in README.md); and every service ready again within 60 s of the fault's end.
 */
describe('the Kafka broker restarted under load', () => {
  const stack = stackSettings();
  // A pool, not one client: the spec's own connections die with the database too, and a pool opens
  // new ones once it is back (an idle connection's error is expected then, not a failure).
  const db = new Pool({ connectionString: stack.databaseUrl, max: 2 });
  db.on('error', () => undefined);
  const readiness: ReadinessTarget[] = [];
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    assertStackUp();
    // Fresh services with this spec's settings: the simulated partners only receive (answers would
    // add messages of their own), the notifier polls often, and no retention round purges an
    // exchange of the workload (dated 2025) while this spec counts its rows.
    hubServices.down();
    hubServices.up([], {
      SIMULATOR_ANSWERS: 'false',
      NOTIFIER_POLL_MS: '250',
      MONITOR_RETENTION_INTERVAL_MS: String(24 * 3_600_000),
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
  }, 240_000);

  afterAll(async () => {
    // Whatever happened above, the later suites need the whole stack.
    await stackService.start('postgres');
    await stackService.start('kafka');
    await producer?.disconnect();
    await db.end().catch(() => undefined);
    hubServices.down();
  }, 180_000);

  /**
   * Publishes `count` messages of the workload at RATE; once a third of them are out and the hub has
   * logged some, runs `fault` (which ends with the service started again), then waits until every
   * message has settled. Returns the workload and what was seen of the services' readiness.
   */
  async function faultUnderLoad(
    seed: number,
    fault: () => Promise<void>,
  ): Promise<{
    workload: AuditedMessage[];
    startOffsets: TopicOffsets;
    watch: ReadinessWatch;
    faultEndedAt: number;
    settledAt: number;
  }> {
    const { messages } = generateWorkload({ seed, count: MESSAGES_PER_FAULT, runId: randomUUID() });
    const workload = messages.map(audited);
    const ids = idsOf(workload);
    // The outbound topics hold every earlier suite's records: the audit reads from here on.
    const startOffsets = await outboundTopicEnds(kafka);
    let published = 0;
    // The partners' publishing, each record with its simulated time: the router judges the 2025
    // storylines on it (a sink that dropped it made this spec wait for rejections never owed).
    const publishing: Promise<PublishResult> = publishMessages(producerSink(producer), messages, {
      rate: RATE,
      // A broker restarting after SIGKILL recovers its logs first: keep retrying for three minutes.
      retryDelayMs: 1_000,
      maxRetries: 180,
      onProgress: (count) => {
        published = count;
      },
    });
    // Awaited after the fault; a failure before then must not count as unhandled meanwhile.
    void publishing.catch(() => undefined);
    await eventually(
      'a third of the workload published and the first of it in the exchange log',
      async () => {
        if (published < MESSAGES_PER_FAULT / 3) return undefined;
        const { rows } = await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM exchange_log WHERE message_id = ANY($1::uuid[])',
          [ids],
        );
        return rows[0].n > 0 ? true : undefined;
      },
      { timeoutMs: 90_000 },
    );

    const watch = new ReadinessWatch(readiness);
    let faultEndedAt: number;
    try {
      await fault();
      faultEndedAt = Date.now();
      watch.faultEnded(faultEndedAt);
      expect((await publishing).published).toBe(MESSAGES_PER_FAULT);
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
    const { otherwise } = await eventually(
      'every message of the workload settled: logged, and delivered to each receiver',
      async () => {
        // A message judged otherwise than intended leads to other documents than the audit waits
        // for: stop and name it rather than wait for what the hub does not owe.
        const judged = await judgedOtherwise(db, workload);
        if (judged.length > 0) return { otherwise: judged };
        const missing = await unsettled(db, workload);
        if (missing.length === 0) return { otherwise: [] };
        throw new Error(`${missing.length} not settled, e.g. ${missing.slice(0, 3).join('; ')}`);
      },
      { timeoutMs: 360_000, intervalMs: 2_000 },
    );
    expect({ judgedOtherwiseThanIntended: otherwise }).toEqual({ judgedOtherwiseThanIntended: [] });
    return { workload, startOffsets, watch, faultEndedAt, settledAt: Date.now() };
  }

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

  it('Kafka broker SIGKILLed and started again mid-load: nothing lost or duplicated, order kept, every service ready within 60 s', async () => {
    const { workload, startOffsets, watch, faultEndedAt, settledAt } = await faultUnderLoad(
      1302,
      async () => {
        await stackService.kill('kafka');
        await stackService.start('kafka');
      },
    );
    expect(watch.notReadyDuringFault.size).toBeGreaterThan(0);
    expect(watch.readyAfterMs()).toBeLessThanOrEqual(READY_WITHIN_MS);
    await expectNothingLostOrDuplicated(workload, startOffsets);
    console.info(
      `Kafka broker SIGKILL: not ready meanwhile ${[...watch.notReadyDuringFault].join(', ')}; all ready ${watch.readyAfterMs()} ms and all settled ${settledAt - faultEndedAt} ms after the restart`,
    );
  }, 600_000);
});
