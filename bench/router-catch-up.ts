/**
 * The router alone (Kafka to Kafka, no exchange log) working off a backlog: from the first offset
 * its consumer group commits to the moment the group has committed every inbound partition to its
 * end, with one or more router instances in the group. Also what the transactions looked like,
 * from the instances' own metrics (`hub_consumer_transaction_records`).
 */
import { execFileSync } from 'node:child_process';

import { INBOUND_TOPIC_PATTERN } from '@hub/contracts';
import type { Kafka } from '@hub/kafka';

import { CONSUMER_GROUP } from '../apps/router/src/router.constants';

export interface RouterCatchUp {
  instances: number;
  messages: number;
  seconds: number;
  perSecond: number;
  transactionsPerSecond: number;
  meanRecordsPerTransaction: number;
  /**
   * CPU the instances used per message from their first commit on (all their threads: JavaScript,
   * GC, compression on libuv's pool), in microseconds, and in cores over that time (1.0: one core
   * busy all the time; a Node process can use more, its JavaScript runs on one).
   */
  cpuMicrosPerMessage: number;
  coresBusy: number;
}

interface TransactionCounters {
  records: number;
  transactions: number;
  cpuSeconds: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sum of a group's committed offsets and of the end offsets over the topics (default: every inbound one). */
export async function positions(
  kafka: Kafka,
  groupId = CONSUMER_GROUP,
  only?: readonly string[],
): Promise<{ committed: number; end: number }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = only
      ? [...only]
      : (await admin.listTopics()).filter((topic) => INBOUND_TOPIC_PATTERN.test(topic));
    let end = 0;
    for (const topic of topics) {
      for (const { high } of await admin.fetchTopicOffsets(topic)) end += Number(high);
    }
    let committed = 0;
    for (const { partitions } of await admin.fetchOffsets({ groupId, topics })) {
      for (const { offset } of partitions) committed += Math.max(0, Number(offset));
    }
    return { committed, end };
  } finally {
    await admin.disconnect();
  }
}

/** Starts or stops hub services of the bench profile (infra/bin/hub-services), one after another. */
export function benchServices(root: string, command: 'up' | 'down', ...names: string[]): void {
  for (const name of names) {
    execFileSync(`${root}/infra/bin/hub-services`, [command, name], {
      encoding: 'utf8',
      env: { ...process.env, HUB_STACK_PROFILE: 'bench' },
    });
  }
}

export function metricsUrl(root: string, service: string, profile: string): string {
  const env = execFileSync(`${root}/infra/bin/hub-services`, ['env', service], {
    encoding: 'utf8',
    env: { ...process.env, HUB_STACK_PROFILE: profile },
  });
  const port = /^ROUTER_HTTP_PORT=(\d+)$/m.exec(env)?.[1];
  if (!port) throw new Error(`no ROUTER_HTTP_PORT for ${service}`);
  return `http://127.0.0.1:${port}/metrics`;
}

/** The router's cycle stages so far: per stage, the seconds spent in all and how many times. */
export async function cycleStages(url: string): Promise<Map<string, { sum: number; count: number }>> {
  const text = await (await fetch(url)).text();
  const stages = new Map<string, { sum: number; count: number }>();
  const pattern = /^hub_consumer_cycle_stage_seconds_(sum|count)\{[^}]*stage="([a-z_]+)"[^}]*\} (\S+)$/gm;
  for (const [, part, stage, value] of text.matchAll(pattern)) {
    const entry = stages.get(stage) ?? { sum: 0, count: 0 };
    entry[part as 'sum' | 'count'] = Number(value);
    stages.set(stage, entry);
  }
  return stages;
}

/**
 * Mean milliseconds per cycle of each stage and how many cycles, between two reads of `cycleStages`
 * (`before` absent: since the router started): where the router's time went.
 */
export function describeStages(
  after: Map<string, { sum: number; count: number }>,
  before: Map<string, { sum: number; count: number }> = new Map(),
): string {
  return [...after]
    .map(([stage, { sum, count }]) => {
      const was = before.get(stage) ?? { sum: 0, count: 0 };
      const n = count - was.count;
      return `${stage} ${n > 0 ? (((sum - was.sum) / n) * 1000).toFixed(1) : '-'} ms (${n})`;
    })
    .join(', ');
}

async function counters(urls: readonly string[]): Promise<TransactionCounters> {
  const total: TransactionCounters = { records: 0, transactions: 0, cpuSeconds: 0 };
  for (const url of urls) {
    const text = await (await fetch(url)).text();
    const value = (name: string): number =>
      Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    total.records += value('hub_consumer_transaction_records_sum');
    total.transactions += value('hub_consumer_transaction_records_count');
    total.cpuSeconds += value('hub_process_cpu_seconds_total');
  }
  return total;
}

/**
 * Starts the given router services on a backlog already on the inbound topics and waits for the
 * group to commit it all. `start`/`stop` bring services up and down (infra/bin/hub-services).
 */
export async function routerCatchUp(
  kafka: Kafka,
  options: {
    root: string;
    profile: string;
    services: string[];
    start(...names: string[]): void;
    stop(...names: string[]): void;
    log(text: string): void;
  },
): Promise<RouterCatchUp> {
  const before = await positions(kafka);
  const backlog = before.end - before.committed;
  const startedAt = Date.now();
  options.start(...options.services);
  const urls = options.services.map((service) => metricsUrl(options.root, service, options.profile));
  try {
    let firstProgressAt: number | undefined;
    // The CPU the instances had used and the messages committed at the first commit seen: start-up
    // (Nest, the codec, joining the group) is not the work measured.
    let cpuAtFirstProgress = 0;
    let doneAtFirstProgress = 0;
    let lastLogged = 0;
    for (;;) {
      const now = await positions(kafka);
      const done = now.committed - before.committed;
      // From the first commit seen; but a backlog committed whole before the first look (a small
      // one) is timed from the start of the services, never from that look (~0 s).
      if (firstProgressAt === undefined && done > 0) {
        firstProgressAt = done < backlog ? Date.now() : startedAt;
        if (done < backlog) {
          cpuAtFirstProgress = (await counters(urls)).cpuSeconds;
          doneAtFirstProgress = done;
        }
      }
      if (Date.now() - lastLogged > 5_000) {
        options.log(
          `router only (${options.services.length}): ${done.toLocaleString('en')}/${backlog.toLocaleString('en')} committed`,
        );
        lastLogged = Date.now();
      }
      if (now.committed >= before.end) break;
      await sleep(100);
    }
    const seconds = (Date.now() - (firstProgressAt ?? Date.now())) / 1000;
    // The instances started fresh, so their counters cover exactly this backlog.
    const { records, transactions, cpuSeconds } = await counters(urls);
    return {
      instances: options.services.length,
      messages: backlog,
      seconds,
      perSecond: Math.round(backlog / Math.max(seconds, 0.001)),
      transactionsPerSecond: Math.round(transactions / Math.max(seconds, 0.001)),
      meanRecordsPerTransaction: Math.round((records / Math.max(transactions, 1)) * 10) / 10,
      cpuMicrosPerMessage: Math.round(
        ((cpuSeconds - cpuAtFirstProgress) * 1e6) / Math.max(backlog - doneAtFirstProgress, 1),
      ),
      coresBusy: Math.round(((cpuSeconds - cpuAtFirstProgress) / Math.max(seconds, 0.001)) * 100) / 100,
    };
  } finally {
    options.stop(...options.services);
  }
}

/** A hub service's environment as the service manager starts it (`hub-services env`), over this process's. */
export function serviceEnv(root: string, service: string, profile: string): Record<string, string> {
  const lines = execFileSync(`${root}/infra/bin/hub-services`, ['env', service], {
    encoding: 'utf8',
    env: { ...process.env, HUB_STACK_PROFILE: profile },
  });
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  for (const line of lines.split('\n')) {
    const cut = line.indexOf('=');
    if (cut > 0) env[line.slice(0, cut)] = line.slice(cut + 1);
  }
  return env;
}
