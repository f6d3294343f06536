/**
 * `npm run bench:latency`: only the latency steps of the benchmark, for working on latency without
 * the half-hour of throughput runs. The router runs, and the monitor too unless
 * BENCH_LATENCY_MONITOR=0 (then the figures are the router's alone); each rate is measured once the
 * services' groups have no lag. Prints the table rows `npm run bench` prints, with the split into
 * "to routed" and "routed to visible" (bench/latency.ts).
 */

import { findRepoRoot, TOPICS } from '@hub/contracts';
import { createKafkaClient } from '@hub/kafka';

import { MONITOR_GROUP_ID } from '../apps/monitor/src/monitor.constants';
import { latencyAt, latencyRow, type LatencyResult } from './latency';
import { benchServices, cycleStages, describeStages, metricsUrl, positions } from './router-catch-up';

const ROOT = findRepoRoot(__dirname);
const env = (name: string, fallback: string): string => process.env[name] ?? fallback;
const RATES = env('BENCH_LATENCY_RATES', '500,1000,2000')
  .split(',')
  .filter((rate) => rate.trim() !== '')
  .map(Number);
const SECONDS = Number(env('BENCH_LATENCY_SECONDS', '10'));
const WITH_MONITOR = env('BENCH_LATENCY_MONITOR', '1') !== '0';
// A fresh stack's broker and services are cold (JIT, caches, connections): the first seconds at
// any rate say little about the steady state.
const WARM_UP_SECONDS = Number(env('BENCH_LATENCY_WARMUP_SECONDS', '30'));
const BROKERS = env('HUB_KAFKA_BROKERS', '127.0.0.1:17092');

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const log = (text: string): void =>
  void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);

async function main(): Promise<void> {
  const kafka = createKafkaClient({
    clientId: 'bench-latency',
    brokers: BROKERS.split(','),
    log: () => undefined,
  });
  const names = WITH_MONITOR ? ['router', 'monitor'] : ['router'];
  log(`latency only: ${names.join(' and ')} running`);
  benchServices(ROOT, 'up', ...names);
  try {
    if (WARM_UP_SECONDS > 0 && RATES.length > 0) {
      const rate = Math.max(...RATES);
      log(`warm-up: ${rate} msg/s for ${WARM_UP_SECONDS} s, not counted`);
      await latencyAt(kafka, rate, WARM_UP_SECONDS);
    }
    const results: Record<string, LatencyResult> = {};
    for (const perSecond of RATES) {
      for (let caughtUp = false; !caughtUp; await sleep(1_000)) {
        const router = await positions(kafka);
        const monitor = WITH_MONITOR
          ? await positions(kafka, MONITOR_GROUP_ID, [TOPICS.events])
          : { committed: 0, end: 0 };
        caughtUp = router.committed >= router.end && monitor.committed >= monitor.end;
      }
      log(`latency: ${perSecond} msg/s offered for ${SECONDS} s`);
      const url = metricsUrl(ROOT, 'router', 'bench');
      const before = await cycleStages(url);
      results[perSecond] = await latencyAt(kafka, perSecond, SECONDS);
      log(latencyRow(String(perSecond), results[perSecond]));
      // The router's own account of the same seconds: mean time per stage of its cycles.
      log(`router cycle stages, mean (count): ${describeStages(await cycleStages(url), before)}`);
    }
    console.log(`\n| measure (${names.join(' + ')}) | value |\n|---|---|`);
    for (const [offered, result] of Object.entries(results)) console.log(latencyRow(offered, result));
  } finally {
    benchServices(ROOT, 'down', ...names);
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
