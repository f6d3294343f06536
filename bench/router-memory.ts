/**
 * What the router's peak memory costs and what V8's heap settings buy: the router alone (no exchange
 * log) works off the same size of backlog once per heap setting, and each run reports its peak
 * resident memory (VmHWM) and its rate. Same machine, same run, so the settings compare fairly.
 * Needs the `bench` stack up with migrations and topics (`npm run bench` leaves it so), and no router
 * of that stack running.
 *
 *   HUB_STACK_PROFILE=bench node dist/bench/router-memory.js [messages=100000]
 *
 * BENCH_HEAP_SETTINGS picks the settings, `;`-separated node flag sets ('' is Node's defaults), e.g.
 * BENCH_HEAP_SETTINGS=';--max-old-space-size=160;--max-semi-space-size=4'.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { findRepoRoot } from '@hub/contracts';
import { createKafkaClient } from '@hub/kafka';

import { cycleStages, describeStages, metricsUrl, positions, serviceEnv } from './router-catch-up';
import { buildWorkload, produceWorkload } from './workload';

const ROOT = findRepoRoot(__dirname);
const DEFAULT_SETTINGS = [
  '',
  '--max-semi-space-size=4',
  '--max-old-space-size=160',
  '--max-old-space-size=96',
];

const log = (text: string): void =>
  void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface HeapRun {
  flags: string;
  messages: number;
  seconds: number;
  perSecond: number;
  peakRssMb: number;
  exitedEarly: boolean;
}

function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

async function main(): Promise<void> {
  const messages = Number(process.argv[2] ?? '100000');
  const profile = process.env.HUB_STACK_PROFILE ?? 'bench';
  const settings = process.env.BENCH_HEAP_SETTINGS?.split(';') ?? DEFAULT_SETTINGS;
  const env = serviceEnv(ROOT, 'router', profile);
  const kafka = createKafkaClient({
    clientId: 'bench-router-memory',
    brokers: env.HUB_KAFKA_BROKERS.split(','),
    log: () => undefined,
  });
  const runs: HeapRun[] = [];
  for (const flags of settings) {
    log(`producing a backlog of ${messages.toLocaleString('en')} workload messages`);
    await produceWorkload(kafka, buildWorkload(messages, { runId: `memory-${Date.now()}` }), log);
    const before = await positions(kafka);
    const args = [
      ...flags.split(' ').filter((flag) => flag !== ''),
      join(ROOT, 'dist/apps/router/src/main.js'),
    ];
    const router = spawn('node', args, { env, stdio: 'ignore' });
    let exited = false;
    const done = new Promise<void>((resolve) =>
      router.once('exit', () => {
        exited = true;
        resolve();
      }),
    );
    const startedAt = Date.now();
    let firstAt: number | undefined;
    let peak = 0;
    for (;;) {
      if (exited) break;
      peak = Math.max(peak, peakRssMb(router.pid as number));
      const now = await positions(kafka);
      if (firstAt === undefined && now.committed > before.committed) firstAt = Date.now();
      if (now.committed >= before.end) break;
      await sleep(200);
    }
    const seconds = (Date.now() - (firstAt ?? startedAt)) / 1000;
    if (!exited) peak = Math.max(peak, peakRssMb(router.pid as number));
    const worked = before.end - before.committed;
    const run: HeapRun = {
      flags: flags === '' ? '(defaults)' : flags,
      messages: worked,
      seconds,
      perSecond: Math.round(worked / seconds),
      peakRssMb: peak,
      exitedEarly: exited,
    };
    runs.push(run);
    log(
      `${run.flags}: ${run.perSecond} msg/s, peak ${run.peakRssMb} MB${exited ? ' (the router exited early!)' : ''}`,
    );
    if (!exited)
      log(
        `  per cycle, mean (count): ${describeStages(await cycleStages(metricsUrl(ROOT, 'router', profile)))}`,
      );
    router.kill('SIGTERM');
    await done;
  }
  console.log('\n| node flags | router msg/s | peak resident memory |');
  console.log('| --- | --- | --- |');
  for (const run of runs) {
    console.log(
      `| ${run.flags} | ${run.exitedEarly ? 'exited early' : run.perSecond.toLocaleString('en')} | ${run.peakRssMb} MB |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`router-memory failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
