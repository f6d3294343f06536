/**
 * npm run faults: the fault matrix (issue 13, item 5). On a running hub (every service, on the
 * three-node "faults" profile of the local stack) each fault strikes while the partner simulator's
 * workload flows; afterwards every message of that workload is audited (faults/audit.ts): lost,
 * duplicated, order per citizen, and how long the services took to be ready again and the hub to
 * catch up. One table, and the numbers in faults/results/latest.json. scripts/faults.sh brings up
 * the fresh stack and the services first; faults/README.md explains each row.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { formatDuration } from '@hub/common';
import { KAFKA_CONFIG, kafkaSecurityOf, loadConfig } from '@hub/config';
import {
  findRepoRoot,
  HubCodec,
  loadHubCodec,
  OUTBOUND_RECEIVER_KINDS,
  PRINCIPALS,
  TOPICS,
} from '@hub/contracts';
import { ConfigResourceTypes, createKafkaClient, type Kafka, type Producer } from '@hub/kafka';
import { Client } from 'pg';

import { producerSink, publishMessages, workloadMessages } from '../apps/partner-simulator/src/traffic';
import {
  audited,
  AuditedMessage,
  auditWorkload,
  FaultAudit,
  FindingName,
  foundNothing,
  outboundTopicEnds,
  simulatorInbox,
  unsettled,
} from './audit';
import { receivedByMessageId } from './mail-sink';
import { ReadinessTarget, ReadinessWatch, WATCHED_SERVICES } from './readiness';

const ROOT = findRepoRoot(__dirname);
const setting = (name: string, fallback: string): string => process.env[name] ?? fallback;
const PROFILE = setting('HUB_STACK_PROFILE', 'faults');
const MESSAGES = Number(setting('FAULTS_MESSAGES', '100000'));
/** Offered load, messages per second: what the hub on two cores keeps up with, all services running. */
const RATE = Number(setting('FAULTS_RATE', '300'));
const ONLY = setting('FAULTS_ONLY', '')
  .split(',')
  .map((row) => row.trim())
  .filter((row) => row !== '');
const POSTGRES_DOWN_S = Number(setting('FAULTS_POSTGRES_DOWN_S', '60'));
const SMTP_DOWN_S = Number(setting('FAULTS_SMTP_DOWN_S', '300'));
const PARTNER_DOWN_S = Number(setting('FAULTS_PARTNER_DOWN_S', '600'));
/** Issue 13's target: every service ready again this soon after a fault has ended. */
const READY_WITHIN_MS = 60_000;
/** The partner taken down by the partner-endpoint row: Norddjurs, the seed agreements' busiest jobcentre. */
const DOWN_PARTNER = { kind: 'jobcenter', id: '707' };
const SEED = Number(setting('FAULTS_SEED', '1313'));

const log = (text: string): void =>
  void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const run = async (command: string, args: string[]): Promise<string> =>
  (
    await promisify(execFile)(join(ROOT, command), args, {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, HUB_STACK_PROFILE: PROFILE },
      maxBuffer: 16 * 1024 * 1024,
    })
  ).stdout;
const stack = (command: 'start' | 'stop' | 'kill', service: string): Promise<string> =>
  run('infra/bin/stack', [command, service]);
const services = (command: 'up' | 'down', service: string): Promise<string> =>
  run('infra/bin/hub-services', [command, service]);

function servicePid(service: string): number {
  return Number(readFileSync(join(ROOT, '.stack', PROFILE, 'services', `${service}.pid`), 'utf8').trim());
}

/** SIGKILL a hub service (as a crash, an OOM kill), wait until it is gone, start it again. */
async function killAndRestart(service: string): Promise<void> {
  const pid = servicePid(service);
  process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(100);
  log(`${service}: killed (pid ${pid}); starting it again`);
  await services('up', service);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Settings {
  kafka: Kafka;
  simulatorUrl: string;
}

/** One row of the matrix: the fault, struck on the running hub; resolves once what it broke runs again. */
interface FaultRow {
  id: string;
  title: string;
  strike: (settings: Settings) => Promise<void>;
}

/**
 * Until every partition of the hub's topics and of Kafka's own (consumer offsets, transaction
 * state) has all its replicas in sync again: killing the next node before would leave some with
 * fewer than min.insync.replicas, which stalls writes (it loses nothing, but it is not the fault
 * this row means).
 */
async function replicasInSync(kafka: Kafka, timeoutMs = 300_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const topics = (await admin.listTopics()).filter(
        (topic) =>
          topic.startsWith('hub.') || topic === '__consumer_offsets' || topic === '__transaction_state',
      );
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const behind = metadata.flatMap((topic) =>
        topic.partitions
          .filter((p) => p.isr.length < p.replicas.length)
          .map((p) => `${topic.name}/${p.partitionId}`),
      );
      if (behind.length === 0) return;
      if (Date.now() > deadline)
        throw new Error(`replicas still out of sync: ${behind.slice(0, 5).join(', ')} (${behind.length})`);
      await sleep(1_000);
    }
  } finally {
    await admin.disconnect();
  }
}

const ROWS: FaultRow[] = [
  {
    id: 'kafka-broker-kill',
    title: 'Kafka broker SIGKILL and restart x3 (one at a time)',
    strike: async ({ kafka }) => {
      for (const node of ['kafka-1', 'kafka-2', 'kafka-3']) {
        await stack('kill', node);
        log(`${node}: killed`);
        await sleep(5_000);
        await stack('start', node);
        log(`${node}: started again; waiting for its replicas to catch up`);
        await replicasInSync(kafka);
      }
    },
  },
  {
    id: 'postgres-stop',
    title: `PostgreSQL stopped for ${formatDuration(POSTGRES_DOWN_S * 1_000)}`,
    strike: async () => {
      await stack('stop', 'postgres');
      await sleep(POSTGRES_DOWN_S * 1000);
      await stack('start', 'postgres');
    },
  },
  {
    id: 'smtp-stop',
    title: `SMTP stopped for ${formatDuration(SMTP_DOWN_S * 1_000)}`,
    strike: async () => {
      await stack('stop', 'smtp');
      await sleep(SMTP_DOWN_S * 1000);
      await stack('start', 'smtp');
    },
  },
  {
    id: 'partner-down',
    title: `one partner endpoint (${DOWN_PARTNER.kind} ${DOWN_PARTNER.id}) down for ${formatDuration(PARTNER_DOWN_S * 1_000)}`,
    strike: async ({ simulatorUrl }) => {
      const outage = (down: boolean) =>
        fetch(`${simulatorUrl}/partners/${DOWN_PARTNER.kind}/${DOWN_PARTNER.id}/outage`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ down }),
        });
      await outage(true);
      await sleep(PARTNER_DOWN_S * 1000);
      await outage(false);
    },
  },
  {
    id: 'router-kill',
    title: 'router SIGKILL and restart x3',
    strike: async () => {
      for (let round = 0; round < 3; round += 1) {
        await killAndRestart('router');
        await sleep(10_000);
      }
    },
  },
  {
    id: 'router-2-join-leave',
    title: 'a second router instance joining, then leaving',
    strike: async () => {
      await services('up', 'router-2');
      await sleep(30_000);
      await services('down', 'router-2');
    },
  },
  {
    id: 'monitor-notifier-kill',
    title: 'monitor and notifier SIGKILL and restart',
    strike: async () => {
      await killAndRestart('monitor');
      await killAndRestart('notifier');
    },
  },
];

interface RowResult {
  id: string;
  title: string;
  published: number;
  audit: FaultAudit | null;
  notReadyDuringFault: string[];
  readyAgainMs: number | null;
  caughtUpMs: number | null;
  faultMs: number;
  error: string | null;
  targetsMet: boolean;
}

function envOf(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line.trim()))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1], match[2]]),
  );
}

async function serviceUrl(service: string, path: string): Promise<string> {
  const env = envOf(await run('infra/bin/hub-services', ['env', service]));
  const port = Object.entries(env).find(([key]) => key.endsWith('_HTTP_PORT'))?.[1];
  const scheme = service === 'ingress' ? 'https' : 'http';
  return `${scheme}://127.0.0.1:${port}${path}`;
}

async function main(): Promise<void> {
  const rows = ONLY.length > 0 ? ROWS.filter((row) => ONLY.includes(row.id)) : ROWS;
  const unknown = ONLY.filter((id) => !ROWS.some((row) => row.id === id));
  if (unknown.length > 0)
    throw new Error(
      `FAULTS_ONLY: unknown rows ${unknown.join(', ')} (rows: ${ROWS.map((r) => r.id).join(', ')})`,
    );
  const stackEnv = envOf(await run('infra/bin/stack', ['env']));
  const config = loadConfig('faults', KAFKA_CONFIG, stackEnv);
  const kafka = createKafkaClient({
    clientId: 'fault-matrix',
    brokers: config.HUB_KAFKA_BROKERS,
    security: kafkaSecurityOf('faults', config, PRINCIPALS.operator),
    log: () => undefined,
  });
  const cluster = await clusterLayout(kafka);
  log(
    `cluster: ${cluster.brokers} brokers, hub topics with replication factor ${cluster.replicationFactors.join('/')}, min.insync.replicas ${cluster.minInsyncReplicas.join('/')}`,
  );
  const db = new Client({ connectionString: stackEnv.HUB_DATABASE_URL });
  await db.connect();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const codec = loadHubCodec();
  const simulatorUrl = await serviceUrl('partner-simulator', '');
  const ingressCa = join(ROOT, '.stack', PROFILE, 'ingress-tls', 'ca.crt');
  const readiness: ReadinessTarget[] = [];
  for (const service of WATCHED_SERVICES)
    readiness.push({ service, url: await serviceUrl(service, '/health/ready'), caFile: ingressCa });

  const results: RowResult[] = [];
  for (const [index, row] of rows.entries()) {
    log(`${row.id}: ${row.title}, ${MESSAGES.toLocaleString('en')} messages at ${RATE}/s`);
    // A fresh partner simulator (its inboxes are in memory) and an empty mail sink per row.
    await services('down', 'partner-simulator');
    await services('up', 'partner-simulator');
    await fetch(`${stackEnv.HUB_MAIL_UI_URL}/email/all`, { method: 'DELETE' });
    results.push(
      await runRow(
        row,
        { kafka, simulatorUrl },
        { db, producer, codec, readiness, seed: SEED + index, stackEnv },
      ),
    );
  }
  await producer.disconnect();
  await db.end();

  const output = {
    at: new Date().toISOString(),
    profile: PROFILE,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown' },
    versions: { node: process.version, kafka: setting('HUB_KAFKA_VERSION', '3.9.2'), kafkajs: '2.2.4' },
    cluster,
    messagesPerFault: MESSAGES,
    ratePerSecond: RATE,
    outages: { postgresSeconds: POSTGRES_DOWN_S, smtpSeconds: SMTP_DOWN_S, partnerSeconds: PARTNER_DOWN_S },
    rows: results,
    allTargetsMet: results.every((result) => result.targetsMet),
  };
  const dir = join(ROOT, 'faults/results');
  mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(output, null, 2)}\n`;
  writeFileSync(join(dir, `${output.at.replace(/[:.]/g, '-')}.json`), text);
  writeFileSync(join(dir, 'latest.json'), text);
  printTable(results);
  console.log(
    `\nresults: faults/results/latest.json (${output.machine.cpus} CPUs, ${output.machine.cpuModel}); all targets met: ${output.allTargetsMet ? 'yes' : 'NO'}`,
  );
  if (!output.allTargetsMet) process.exitCode = 1;
}

async function clusterLayout(
  kafka: Kafka,
): Promise<{ brokers: number; replicationFactors: number[]; minInsyncReplicas: string[] }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { brokers } = await admin.describeCluster();
    const topics = [
      TOPICS.events,
      TOPICS.deadLetters,
      ...OUTBOUND_RECEIVER_KINDS.map((kind) => TOPICS.outbound(kind)),
    ];
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    const replicationFactors = [
      ...new Set(metadata.flatMap((topic) => topic.partitions.map((p) => p.replicas.length))),
    ];
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['min.insync.replicas'],
      })),
    });
    const minInsyncReplicas = [
      ...new Set(
        configs.resources.flatMap((resource) => resource.configEntries.map((entry) => entry.configValue)),
      ),
    ];
    return { brokers: brokers.length, replicationFactors, minInsyncReplicas };
  } finally {
    await admin.disconnect();
  }
}

async function runRow(
  row: FaultRow,
  settings: Settings,
  context: {
    db: Client;
    producer: Producer;
    codec: HubCodec;
    readiness: ReadinessTarget[];
    seed: number;
    stackEnv: Record<string, string>;
  },
): Promise<RowResult> {
  const { db, producer } = context;
  const result: RowResult = {
    id: row.id,
    title: row.title,
    published: 0,
    audit: null,
    notReadyDuringFault: [],
    readyAgainMs: null,
    caughtUpMs: null,
    faultMs: 0,
    error: null,
    targetsMet: false,
  };
  const startOffsets = await outboundTopicEnds(settings.kafka);
  const workload: AuditedMessage[] = [];
  // Each record with its simulated time, which the router judges on (publish.ts, producerSink).
  const sink = producerSink(producer);

  const messages = (function* keep() {
    for (const message of workloadMessages(
      { seed: context.seed, count: MESSAGES, runId: `faults-${row.id}-${Date.now()}` },
      context.codec,
    )) {
      workload.push(audited(message));
      yield message;
    }
  })();
  let published = 0;
  let publishedAt = Date.now();
  const publishing = publishMessages(sink, messages, {
    rate: RATE,
    retryDelayMs: 1_000,
    maxRetries: 300,
    onProgress: (count) => {
      published = count;
      if (count % 10_000 < RATE / 10 + 1) log(`${row.id}: ${count.toLocaleString('en')} published`);
    },
  }).then((outcome) => {
    publishedAt = Date.now();
    return outcome;
  });
  void publishing.catch(() => undefined);

  let watch: ReadinessWatch | undefined;
  try {
    // The fault strikes once a third of the workload is out: with traffic before, during and after.
    while (published < MESSAGES / 3) await sleep(200);
    watch = new ReadinessWatch(context.readiness);
    const struckAt = Date.now();
    log(`${row.id}: striking`);
    await row.strike(settings);
    const endedAt = Date.now();
    result.faultMs = endedAt - struckAt;
    watch.faultEnded(endedAt);
    log(
      `${row.id}: fault over after ${Math.round(result.faultMs / 1000)} s; waiting for the services and the workload`,
    );
    result.published = (await publishing).published;
    const readyDeadline = Math.max(Date.now(), endedAt + READY_WITHIN_MS) + 30_000;
    while (watch.readyAfterMs() === undefined && Date.now() < readyDeadline) await sleep(500);
    result.readyAgainMs = watch.readyAfterMs() ?? null;
    result.notReadyDuringFault = [...watch.notReadyDuringFault];
    await watch.stop();
    watch = undefined;

    // Settled: every message logged, every document delivered, every mail sent; or given up on.
    const settleDeadline = Date.now() + Math.max(600_000, (MESSAGES / 20) * 1000);
    let missing = await unsettled(db, workload);
    let lastLogged = 0;
    while (missing.length > 0 && Date.now() < settleDeadline) {
      if (Date.now() - lastLogged > 15_000) {
        log(`${row.id}: ${missing.length.toLocaleString('en')} not settled yet, e.g. ${missing[0]}`);
        lastLogged = Date.now();
      }
      await sleep(2_000);
      missing = await unsettled(db, workload);
    }
    if (missing.length === 0) result.caughtUpMs = Date.now() - Math.max(endedAt, publishedAt);

    log(`${row.id}: auditing ${workload.length.toLocaleString('en')} messages`);
    const mailDir = join(context.stackEnv.HUB_STACK_DIR, 'smtp', 'mail');
    result.audit = await auditWorkload(
      {
        db,
        kafka: settings.kafka,
        codec: context.codec,
        startOffsets,
        topicTimeoutMs: 30_000,
        inbox: simulatorInbox(settings.simulatorUrl),
        // Whole mails only: the smtp-stop row stops maildev mid-mail, and its cut files are no mail.
        receivedMails: async () => receivedByMessageId(mailDir),
      },
      workload,
    );
  } catch (error) {
    result.error = (error as Error).message;
    log(`${row.id}: failed: ${result.error}`);
  } finally {
    await watch?.stop();
  }
  const audit = result.audit;
  result.targetsMet =
    result.error === null &&
    audit !== null &&
    foundNothing(audit) &&
    result.readyAgainMs !== null &&
    result.readyAgainMs <= READY_WITHIN_MS &&
    result.caughtUpMs !== null;
  log(`${row.id}: ${result.targetsMet ? 'targets met' : 'targets NOT met'}`);
  return result;
}

function printTable(results: readonly RowResult[]): void {
  const n = (value: number): string => value.toLocaleString('en');
  const s = (ms: number | null): string => (ms === null ? 'never' : `${Math.round(ms / 1000)} s`);
  console.log(
    '\n| fault | messages | lost | duplicated routing | duplicated deliveries | duplicated log rows | duplicated mails | order per citizen kept | ready again after | caught up after | targets met |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const result of results) {
    const audit = result.audit;
    const count = (finding: FindingName): string => (audit ? n(audit[finding].count) : '?');
    console.log(
      `| ${result.title} | ${n(result.published)} | ${count('lost')} | ${count('duplicatedRouting')} | ${count('duplicatedDeliveries')} | ${count('duplicatedLogRows')} | ${count('duplicatedMails')} | ${audit ? (audit.orderBroken.count === 0 ? 'yes' : `NO (${n(audit.orderBroken.count)})`) : '?'} | ${s(result.readyAgainMs)} | ${s(result.caughtUpMs)} | ${result.targetsMet ? 'yes' : `NO${result.error ? `: ${result.error}` : ''}`} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`faults failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
