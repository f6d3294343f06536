/**
 * npm run bench: the hub's throughput and latency against a bare kafkajs pipe and the broker's own
 * ceiling, measured in one run on the same machine (bench/README.md explains every number).
 * scripts/bench.sh brings up a fresh "bench" stack and the build first; this drives the rest.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { findRepoRoot, TOPICS } from '@hub/contracts';
import { createKafkaClient, ensureTopics } from '@hub/kafka';
import { Client } from 'pg';

import { PIPE_OUTPUT_TOPIC } from './bare-pipe';
import { CORE_OUTPUT_TOPIC } from './core-pipe';
import { latencyAt, latencyRow, type LatencyResult } from './latency';
import { measureProjection } from './projection';
import { measureRouterHandler } from './router-handler';
import { MONITOR_GROUP_ID } from '../apps/monitor/src/monitor.constants';
import { benchServices, positions, routerCatchUp } from './router-catch-up';
import { buildWorkload, expectedLogRows, produceWorkload } from './workload';

const ROOT = findRepoRoot(__dirname);
const env = (name: string, fallback: string): string => process.env[name] ?? fallback;
const MESSAGES = Number(env('BENCH_MESSAGES', '200000'));
const LATENCY_RATES = env('BENCH_LATENCY_RATES', '500,1000,2000')
  .split(',')
  .filter((rate) => rate.trim() !== '') // empty: no latency steps (a quick throughput run)
  .map(Number);
const LATENCY_SECONDS = Number(env('BENCH_LATENCY_SECONDS', '10'));
const BROKERS = env('HUB_KAFKA_BROKERS', '127.0.0.1:17092');
const DATABASE_URL = env('HUB_DATABASE_URL', 'postgres://hub:hub@127.0.0.1:16432/hub');
const KAFKA_LIBS = env('BENCH_KAFKA_LIBS', join(process.env.HOME ?? '/root', '.cache/hub/kafka-3.9.2'));

const log = (text: string): void =>
  void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const rate = (count: number, seconds: number): number => Math.round(count / Math.max(seconds, 0.001));

const services = (command: 'up' | 'down', ...names: string[]): void => benchServices(ROOT, command, ...names);

function peakRssMbOf(service: string): number {
  const pid = readFileSync(join(ROOT, '.stack/bench/services', `${service}.pid`), 'utf8').trim();
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

/** Kafka's own producer and consumer performance tools, on the same broker: the ceiling. */
function brokerCeiling(): { producerPerSecond: number; consumerPerSecond: number } {
  const java = (main: string, args: string[]): string =>
    execFileSync('java', ['-Xmx512m', '-cp', `${KAFKA_LIBS}/*`, main, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const records = String(MESSAGES);
  const produced = java('org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    'bench.perf.v1',
    '--num-records',
    records,
    '--record-size',
    '450',
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${BROKERS}`,
    'acks=all',
  ]);
  const producerPerSecond = Number(
    /([\d.]+) records\/sec/.exec(produced.trim().split('\n').pop() ?? '')?.[1],
  );
  const consumed = java('org.apache.kafka.tools.ConsumerPerformance', [
    '--topic',
    'bench.perf.v1',
    '--messages',
    records,
    '--bootstrap-server',
    BROKERS,
    '--timeout',
    '60000',
  ]);
  // CSV: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...
  const row = consumed.trim().split('\n').pop()?.split(',') ?? [];
  return { producerPerSecond: Math.round(producerPerSecond), consumerPerSecond: Math.round(Number(row[5])) };
}

/** Runs a pipe (bare-pipe.js, core-pipe.js) as its own process, so its memory and CPU are its own. */
async function pipeProcess(
  script: string,
  args: string[],
): Promise<{ perSecond: number; peakRssMb: number }> {
  const child = spawn('node', [join(__dirname, script), ...args], { cwd: ROOT });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
  const result = JSON.parse(output.trim().split('\n').pop() ?? '{}') as {
    piped: number;
    seconds: number;
    peakRssMb: number;
  };
  return { perSecond: rate(result.piped, result.seconds), peakRssMb: Math.round(result.peakRssMb) };
}

async function hubThroughput(
  db: Client,
  expected: number,
): Promise<{ perSecond: number; rowsPerSecond: number; seconds: number }> {
  services('up', 'router', 'monitor');
  let last = -1;
  for (;;) {
    // Exchanges, not applied events: the deadline watch adds events of its own as the log fills.
    const { rows } = await db.query<{ n: string }>(
      'SELECT (SELECT count(*) FROM exchange_log) + (SELECT count(*) FROM purged_exchange) AS n',
    );
    const logged = Number(rows[0].n);
    if (logged !== last)
      log(`hub: ${logged.toLocaleString('en')}/${expected.toLocaleString('en')} exchanges in the log`);
    last = logged;
    if (logged >= expected) break;
    await sleep(2_000);
  }
  // From the first exchange routed to the last routing or rejection event applied to the log.
  const { rows } = await db.query<{ first: Date; last: Date; log_rows: string }>(
    `SELECT min(coalesce(e.routed_at, e.rejected_at)) AS first, count(*) AS log_rows,
            (SELECT max(a.applied_at) FROM applied_event a JOIN exchange_timeline t ON t.event_id = a.event_id
              WHERE t.step IN ('routed', 'rejected')) AS last
       FROM exchange_log e`,
  );
  const seconds = (rows[0].last.getTime() - rows[0].first.getTime()) / 1000;
  return {
    perSecond: rate(expected, seconds),
    rowsPerSecond: rate(Number(rows[0].log_rows), seconds),
    seconds,
  };
}

async function main(): Promise<void> {
  const kafka = createKafkaClient({ clientId: 'bench', brokers: BROKERS.split(','), log: () => undefined });
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  await ensureTopics(kafka, [
    { name: PIPE_OUTPUT_TOPIC, partitions: 6, configs: {} },
    { name: CORE_OUTPUT_TOPIC, partitions: 6, configs: {} },
    { name: 'bench.perf.v1', partitions: 6, configs: {} },
  ]);

  log(
    `broker ceiling: Kafka's ProducerPerformance and ConsumerPerformance, ${MESSAGES.toLocaleString('en')} records of 450 bytes`,
  );
  const ceiling = brokerCeiling();

  log(
    `workload: ${MESSAGES.toLocaleString('en')} messages from the partner simulator (four agreements, three channels, ~3 % bad)`,
  );
  const workload = buildWorkload(MESSAGES, { runId: `bench-${Date.now()}` });
  const expectedRows = expectedLogRows(workload);
  const produceSeconds = await produceWorkload(kafka, workload, log);

  log('baseline: bare kafkajs pipe over the same inbound topics');
  const pipe = await pipeProcess('bare-pipe.js', [BROKERS, String(MESSAGES)]);
  log(`baseline: ${pipe.perSecond.toLocaleString('en')} msg/s`);
  log("consumer core alone: the hub's consumer loop and transactions, a handler that does no work");
  const core = await pipeProcess('core-pipe.js', [BROKERS]);
  log(`consumer core alone: ${core.perSecond.toLocaleString('en')} msg/s`);

  log('hub: router (transactions, dedup, judging) + exchange-log projection, from the same backlog');
  const hub = await hubThroughput(db, expectedRows);
  // The monitor's retention job may already have purged exchanges dated past their agreement's
  // retention (the examples include the 2009 and 2020 agreements): purged is accounted for, not lost.
  const routedDistinct = await db.query<{ n: string; d: string; purged: string }>(
    `SELECT count(*) AS n, count(DISTINCT message_id) AS d, count(*) FILTER (WHERE purged) AS purged
       FROM (SELECT message_id, false AS purged FROM exchange_log
             UNION ALL SELECT message_id, true FROM purged_exchange) accounted`,
  );

  // Steady state first: the monitor may still be applying the backlog's deadline events, and
  // latency is measured on a hub that is keeping up, not one catching up.
  for (let caughtUp = false; !caughtUp; await sleep(1_000)) {
    const router = await positions(kafka);
    const monitor = await positions(kafka, MONITOR_GROUP_ID, [TOPICS.events]);
    caughtUp = router.committed >= router.end && monitor.committed >= monitor.end;
  }
  const latency: Record<string, LatencyResult> = {};
  for (const perSecond of LATENCY_RATES) {
    log(`latency: ${perSecond} msg/s offered for ${LATENCY_SECONDS} s`);
    latency[perSecond] = await latencyAt(kafka, perSecond, LATENCY_SECONDS);
  }
  const memory = {
    router: peakRssMbOf('router'),
    monitor: peakRssMbOf('monitor'),
    barePipe: pipe.peakRssMb,
    consumerCore: core.peakRssMb,
  };
  services('down', 'router', 'monitor');

  // The router alone, Kafka to Kafka, on a fresh backlog of the same size; then two instances in
  // one consumer group (scale-out on one machine: one per core).
  const routerOnly: Record<string, Awaited<ReturnType<typeof routerCatchUp>>> = {};
  for (const instances of [['router'], ['router', 'router-2']]) {
    log(`router only, ${instances.length} instance(s): a fresh backlog of ${MESSAGES.toLocaleString('en')}`);
    await produceWorkload(
      kafka,
      buildWorkload(MESSAGES, { runId: `bench-router-${instances.length}-${Date.now()}` }),
      log,
    );
    routerOnly[instances.length] = await routerCatchUp(kafka, {
      root: ROOT,
      profile: 'bench',
      services: instances,
      start: (...names) => services('up', ...names),
      stop: (...names) => services('down', ...names),
      log,
    });
  }

  log("router's own work in this process (no Kafka): 20,000 workload messages, best of 8 passes");
  const handler = measureRouterHandler(20_000);

  log('exchange-log projection alone: 20,000 synthetic events in chunks of 500');
  const projection = await measureProjection(DATABASE_URL, 20_000);

  const postgres = (await db.query<{ version: string }>('SHOW server_version')).rows[0].version;
  await db.end();
  const results = {
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown' },
    versions: { node: process.version, kafka: '3.9.2', kafkajs: '2.2.4', postgres },
    messages: MESSAGES,
    throughput: {
      brokerProducerCeiling: ceiling.producerPerSecond,
      brokerConsumerCeiling: ceiling.consumerPerSecond,
      workloadProducer: rate(MESSAGES, produceSeconds),
      barePipe: pipe.perSecond,
      consumerCore: core.perSecond,
      consumerCoreOverBarePipe: Math.round((core.perSecond / pipe.perSecond) * 100) / 100,
      hub: hub.perSecond,
      hubOverBarePipe: Math.round((hub.perSecond / pipe.perSecond) * 100) / 100,
      logRowsPerSecond: hub.rowsPerSecond,
      routerOnly: routerOnly[1].perSecond,
      routerOnlyOverBarePipe: Math.round((routerOnly[1].perSecond / pipe.perSecond) * 100) / 100,
      twoRouters: routerOnly[2].perSecond,
      twoRoutersOverOne: Math.round((routerOnly[2].perSecond / routerOnly[1].perSecond) * 100) / 100,
      projectionEventsPerSecond: projection.eventsPerSecond,
      routerHandlerCeiling: handler.ceilingPerSecond,
      routerHandlerCeilingOverBarePipe: Math.round((handler.ceilingPerSecond / pipe.perSecond) * 100) / 100,
    },
    routerHandlerMicros: { decode: handler.decodeMicros, route: handler.routeMicros },
    routerCpu: {
      oneRouterMicrosPerMessage: routerOnly[1].cpuMicrosPerMessage,
      oneRouterCoresBusy: routerOnly[1].coresBusy,
      twoRoutersMicrosPerMessage: routerOnly[2].cpuMicrosPerMessage,
      twoRoutersCoresBusy: routerOnly[2].coresBusy,
    },
    transactions: {
      routerOnlyPerSecond: routerOnly[1].transactionsPerSecond,
      routerOnlyMeanRecords: routerOnly[1].meanRecordsPerTransaction,
      twoRoutersPerSecond: routerOnly[2].transactionsPerSecond,
      twoRoutersMeanRecords: routerOnly[2].meanRecordsPerTransaction,
    },
    latencyMs: latency,
    peakMemoryMb: memory,
    check: {
      expectedLogRows: expectedRows,
      logRows: Number(routedDistinct.rows[0].n) - Number(routedDistinct.rows[0].purged),
      purgedPastRetention: Number(routedDistinct.rows[0].purged),
      distinctMessageIds: Number(routedDistinct.rows[0].d),
      lostOrDuplicated:
        Number(routedDistinct.rows[0].n) !== expectedRows ||
        Number(routedDistinct.rows[0].d) !== Number(routedDistinct.rows[0].n),
    },
  };
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${results.at.replace(/[:.]/g, '-')}.json`),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);

  const n = (value: number): string => value.toLocaleString('en');
  console.log('\n| measure | value |\n|---|---|');
  console.log(`| broker ceiling, producer (kafka-producer-perf) | ${n(ceiling.producerPerSecond)} msg/s |`);
  console.log(`| broker ceiling, consumer (kafka-consumer-perf) | ${n(ceiling.consumerPerSecond)} msg/s |`);
  console.log(`| bare kafkajs pipe | ${n(pipe.perSecond)} msg/s |`);
  console.log(
    `| consumer core alone (no-op handler, same records out) | ${n(core.perSecond)} msg/s (${results.throughput.consumerCoreOverBarePipe} × bare pipe) |`,
  );
  console.log(`| hub: router + exchange log | ${n(hub.perSecond)} msg/s |`);
  console.log(`| hub / bare pipe | ${results.throughput.hubOverBarePipe} |`);
  console.log(`| exchange-log rows into PostgreSQL | ${n(hub.rowsPerSecond)} rows/s |`);
  console.log(`| router only (Kafka to Kafka) | ${n(routerOnly[1].perSecond)} msg/s |`);
  console.log(`| router only / bare pipe | ${results.throughput.routerOnlyOverBarePipe} |`);
  console.log(
    `| router only: transactions/s, mean records per transaction | ${n(routerOnly[1].transactionsPerSecond)} / ${routerOnly[1].meanRecordsPerTransaction} |`,
  );
  console.log(
    `| two router instances (one group) | ${n(routerOnly[2].perSecond)} msg/s (${results.throughput.twoRoutersOverOne} × one; ${n(routerOnly[2].transactionsPerSecond)} transactions/s, ${routerOnly[2].meanRecordsPerTransaction} records each) |`,
  );
  console.log(
    `| router only: CPU per message, cores busy (one / two instances) | ${routerOnly[1].cpuMicrosPerMessage} µs, ${routerOnly[1].coresBusy} / ${routerOnly[2].cpuMicrosPerMessage} µs, ${routerOnly[2].coresBusy} |`,
  );
  console.log(
    `| router's own work in process (decode + route, no Kafka) | ${handler.decodeMicros} + ${handler.routeMicros} µs per message: at most ${n(handler.ceilingPerSecond)} msg/s on one thread (${results.throughput.routerHandlerCeilingOverBarePipe} × bare pipe) |`,
  );
  console.log(`| exchange-log projection alone | ${n(projection.eventsPerSecond)} events/s |`);
  for (const [offered, result] of Object.entries(latency)) console.log(latencyRow(offered, result));
  console.log(
    `| peak memory: router / monitor / bare pipe / consumer core | ${memory.router} / ${memory.monitor} / ${memory.barePipe} / ${memory.consumerCore} MB |`,
  );
  console.log(
    `| lost or duplicated | ${results.check.lostOrDuplicated ? 'YES' : 'none'} (${n(results.check.logRows)} log rows + ${n(results.check.purgedPastRetention)} purged past retention, for ${n(expectedRows)} messages) |`,
  );
  console.log(
    `\nresults: bench/results/latest.json (${results.machine.cpus} CPUs, ${results.machine.cpuModel})`,
  );
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
