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
  FINDINGS,
  findingsOf,
  idsOf,
  judgedOtherwise,
  outboundTopicEnds,
  simulatorInbox,
  TopicOffsets,
  unsettled,
} from '../../faults/audit';
import { receivedByMessageId } from '../../faults/mail-sink';
import { ReadinessTarget, ReadinessWatch, WATCHED_SERVICES } from '../../faults/readiness';
import { eventually } from './eventually';
import { testKafka } from './kafka-topics';
import {
  assertStackUp,
  hubServices,
  PROFILE,
  REPO_ROOT,
  stackService,
  StackService,
  stackSettings,
} from './local-stack';
import { codec } from './messages';

/**
 * The fault matrix's CI-sized rows (faults/README.md) on the test profile, one fault per spec
 * (test/e2e/database-restart.e2e-spec.ts, service-restarts.e2e-spec.ts): every hub service started
 * fresh, 1,000 messages of the partner simulator's workload published while the fault strikes, and
 * every one of them audited with faults/audit.ts, the fault matrix's own checks.
 */

/** Messages of the simulator's workload per fault. Their mails (about 0.8 a message) take longest to settle. */
export const MESSAGES_PER_FAULT = 1_000;
/** Offered load, messages per second: the fault falls in the middle of 10 s of traffic. */
const RATE = 100;
/** Issue 13's target: every service ready again this soon after the fault has ended. */
export const READY_WITHIN_MS = 60_000;

/** The running hub as a fault spec drives and audits it. */
export interface WorkloadHub {
  /**
   * A pool, not one client: the spec's own connections die with the database too, and a pool opens
   * new ones once it is back (an idle connection's error is expected then, not a failure).
   */
  db: Pool;
  kafka: Kafka;
  /** The partners' producer: idempotent, as the simulator's. */
  producer: Producer;
  readiness: ReadinessTarget[];
}

/**
 * Every hub service started fresh for a fault spec: the simulated partners only receive (their
 * answers would add messages the audit does not follow) and the notifier polls often. The retention
 * job runs its first round one MONITOR_RETENTION_INTERVAL_MS after the monitor starts (a day here),
 * so no round purges an exchange of the workload, dated 2025 and past the 12-month retention, while
 * the spec counts its rows (a purged one would count as a lost exchange-log row: look in
 * `purged_exchange` first if rows go missing).
 */
export async function startWorkloadHub(): Promise<WorkloadHub> {
  assertStackUp();
  hubServices.down();
  hubServices.up([], {
    SIMULATOR_ANSWERS: 'false',
    NOTIFIER_POLL_MS: '250',
    MONITOR_RETENTION_INTERVAL_MS: String(24 * 3_600_000),
  });
  const ingressCa = join(REPO_ROOT, '.stack', PROFILE, 'ingress-tls', 'ca.crt');
  const readiness = WATCHED_SERVICES.map((service): ReadinessTarget => {
    const url = hubServices.url(service, '/health/ready');
    return service === 'ingress'
      ? { service, url: url.replace('http:', 'https:'), caFile: ingressCa }
      : { service, url };
  });
  const kafka = testKafka();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const db = new Pool({ connectionString: stackSettings().databaseUrl, max: 2 });
  db.on('error', () => undefined);
  return { db, kafka, producer, readiness };
}

/**
 * Whatever happened in the spec: the stack's services the fault stopped started again (the later
 * suites need them), the spec's clients closed, and the hub's services stopped (the later suites
 * start their own, with the default settings).
 */
export async function stopWorkloadHub(
  hub: WorkloadHub | undefined,
  faulted: readonly StackService[],
): Promise<void> {
  for (const service of faulted) await stackService.start(service);
  await hub?.producer.disconnect();
  await hub?.db.end().catch(() => undefined);
  hubServices.down();
}

export interface FaultUnderLoad {
  workload: AuditedMessage[];
  /** Where each outbound topic ended before the workload: the audit reads from there on. */
  startOffsets: TopicOffsets;
  watch: ReadinessWatch;
  faultEndedAt: number;
  settledAt: number;
}

/**
 * Publishes MESSAGES_PER_FAULT messages of the workload of `seed` at RATE, through producerSink (each
 * record with its simulated time: the router judges the 2025 storylines on it, and a sink that
 * dropped it had them judged on the day of the run, so the rejections the audit waits for never
 * came). Once a third are out and the hub has logged some, runs `fault`, which resolves once what it
 * broke runs again; then waits for the rest to be published, for every hub service to be ready and
 * for every message to settle. `publishRetries`: failed sends in a row, 1 s apart, the publishing
 * rides out (as long as the fault may keep the broker from answering).
 */
export async function faultUnderLoad(
  hub: WorkloadHub,
  { seed, fault, publishRetries }: { seed: number; fault: () => Promise<void>; publishRetries: number },
): Promise<FaultUnderLoad> {
  const { db } = hub;
  const { messages } = generateWorkload({ seed, count: MESSAGES_PER_FAULT, runId: randomUUID() });
  const workload = messages.map(audited);
  const ids = idsOf(workload);
  // The outbound topics hold every earlier suite's records: the audit reads from here on.
  const startOffsets = await outboundTopicEnds(hub.kafka);
  let published = 0;
  const publishing: Promise<PublishResult> = publishMessages(producerSink(hub.producer), messages, {
    rate: RATE,
    retryDelayMs: 1_000,
    maxRetries: publishRetries,
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

  const watch = new ReadinessWatch(hub.readiness);
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

/** The fault was felt (some service said it was not ready), and every service was ready again in time. */
export function expectReadyAgainInTime({ watch }: FaultUnderLoad): void {
  expect(watch.notReadyDuringFault.size).toBeGreaterThan(0);
  expect(watch.readyAfterMs()).toBeLessThanOrEqual(READY_WITHIN_MS);
}

/**
 * Issue 13's checks on the settled workload (faults/audit.ts): every finding counts 0, and the checks
 * had something to count (deliveries to partners, mails to caseworkers). Mails are counted whole
 * (faults/mail-sink.ts), as the fault matrix counts them.
 */
export async function expectNothingLostOrDuplicated(
  hub: WorkloadHub,
  { workload, startOffsets }: FaultUnderLoad,
): Promise<FaultAudit> {
  const result = await auditWorkload(
    {
      db: hub.db,
      kafka: hub.kafka,
      codec,
      startOffsets,
      inbox: simulatorInbox(hubServices.url('partner-simulator', '')),
      receivedMails: async () => receivedByMessageId(stackSettings().mailDir),
    },
    workload,
  );
  const none = { count: 0, examples: [] };
  expect(findingsOf(result)).toEqual(Object.fromEntries(FINDINGS.map((name) => [name, none])));
  expect(result.deliveries).toBeGreaterThan(result.messages / 2);
  expect(result.mails).toBeGreaterThan(0);
  return result;
}

/** One line on how the hub took the fault, for the spec's output. */
export function recoverySummary(fault: string, { watch, faultEndedAt, settledAt }: FaultUnderLoad): string {
  return `${fault}: not ready meanwhile ${[...watch.notReadyDuringFault].join(', ')}; all ready ${watch.readyAfterMs()} ms and all settled ${settledAt - faultEndedAt} ms after the fault ended`;
}
