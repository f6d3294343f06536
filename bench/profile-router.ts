/**
 * Where the router's CPU goes: produces a backlog of the benchmark workload, runs the router alone
 * under `node --cpu-prof` until its group has committed the backlog, and prints the profile's self
 * time by package and its hottest functions. Needs the `bench` stack up with migrations and topics
 * (`npm run bench` leaves it so), and no router of that stack running.
 *
 *   HUB_STACK_PROFILE=bench node dist/bench/profile-router.js [messages=100000]
 *
 * The raw profile stays in .stack/bench/profiles/ (open it in Chrome's DevTools for call trees).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { findRepoRoot } from '@hub/contracts';
import { createKafkaClient } from '@hub/kafka';

import { positions, serviceEnv } from './router-catch-up';
import { buildWorkload, produceWorkload } from './workload';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = findRepoRoot(__dirname);
const log = (text: string): void =>
  void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Which part of the process a frame belongs to: a package, the hub's own code, Node or V8. */
function areaOf({ functionName, url }: ProfileNode['callFrame']): string {
  if (url === '') return functionName.startsWith('(') ? functionName : 'node core (native)';
  if (url.startsWith('node:')) return 'node core';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /dist\/((?:apps|libs)\/[^/]+)/.exec(url);
  return own ? own[1] : 'other';
}

function summarise(profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  const total = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0);
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const frame = (byId.get(id) as ProfileNode).callFrame;
    byArea.set(areaOf(frame), (byArea.get(areaOf(frame)) ?? 0) + ms);
    const where = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(node_modules|dist)\//, '')}:${frame.lineNumber + 1}`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + ms);
  }
  const share = (ms: number): string => `${((ms / total) * 100).toFixed(1).padStart(5)} %`;
  console.log(`\nself time by area (${(total / 1000).toFixed(1)} s profiled)`);
  for (const [area, ms] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`${share(ms)}  ${area}`);
  }
  console.log('\nhottest functions (self time)');
  for (const [where, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`${share(ms)}  ${where}`);
  }
}

async function main(): Promise<void> {
  const messages = Number(process.argv[2] ?? '100000');
  const profile = process.env.HUB_STACK_PROFILE ?? 'bench';
  const env = serviceEnv(ROOT, 'router', profile);
  const kafka = createKafkaClient({
    clientId: 'bench-profile',
    brokers: env.HUB_KAFKA_BROKERS.split(','),
    log: () => undefined,
  });
  log(`producing a backlog of ${messages.toLocaleString('en')} workload messages`);
  await produceWorkload(kafka, buildWorkload(messages, { runId: `profile-${Date.now()}` }), log);

  const dir = join(ROOT, '.stack', profile, 'profiles');
  mkdirSync(dir, { recursive: true });
  const startedAt = Date.now();
  const before = await positions(kafka);
  const router = spawn(
    'node',
    ['--cpu-prof', '--cpu-prof-dir', dir, join(ROOT, 'dist/apps/router/src/main.js')],
    { env, stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => router.once('exit', () => resolve()));
  let firstAt: number | undefined;
  for (;;) {
    const now = await positions(kafka);
    if (firstAt === undefined && now.committed > before.committed) firstAt = Date.now();
    if (now.committed >= before.end) break;
    await sleep(200);
  }
  const seconds = (Date.now() - (firstAt ?? startedAt)) / 1000;
  log(
    `router worked off ${(before.end - before.committed).toLocaleString('en')} messages in ${seconds.toFixed(1)} s (${Math.round((before.end - before.committed) / seconds).toLocaleString('en')} msg/s, under the profiler)`,
  );
  router.kill('SIGTERM');
  await exited;
  const newest = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(dir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  log(`profile: ${newest}`);
  summarise(JSON.parse(readFileSync(newest, 'utf8')) as CpuProfile);
}

main().catch((error: unknown) => {
  console.error(`profile failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
