import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { HEADERS, RejectionReceipt, RoutedMessage, TOPICS } from '@hub/contracts';
import { CompressionTypes, type Kafka, type Producer } from '@hub/kafka';

import { eventually } from '../support/eventually';
import { collect, header, testKafka } from '../support/kafka-topics';
import {
  assertStackUp,
  hubCli,
  hubServices,
  PROFILE,
  REPO_ROOT,
  stackSettings,
} from '../support/local-stack';
import {
  atQueuedTime,
  codec,
  encodeRecommendation,
  F1_TOPIC,
  recommendation,
  testCpr,
} from '../support/messages';

const routedIdOf = (value: Buffer): string => (codec.decode(value).value as RoutedMessage).messageId;

/**
 * Issue 5 against the real broker and database: the router routes every valid message exactly once,
 * dead-letters every bad one with its reason and tells the sender, survives SIGKILL mid-batch without
 * losing or duplicating anything (also when one of two instances sharing the work is killed), and
 * routes a replayed dead letter once after a fix.
 */
describe('router guarantees', () => {
  const stack = stackSettings();
  // The router reads its own copy of the agreements, so a test can add a municipality and reload.
  const agreementsDir = mkdtempSync(join(tmpdir(), 'hub-agreements-'));
  let kafka: Kafka;
  let producer: Producer;
  const publish = (messages: { key: string; value: Buffer }[]) =>
    producer.send({
      topic: F1_TOPIC,
      acks: -1,
      messages: atQueuedTime(messages.map((m) => ({ ...m, headers: {} }))),
    });

  /**
   * Aalborg (851) joins as data: its agreement and party files dropped into this router's agreements
   * folder, then its topics and their ACLs created by the operator (`hub topics create`), as for any
   * new partner: on the secured broker the router may not create topics itself.
   */
  const addAalborg = (): void => {
    cpSync(join(REPO_ROOT, 'libs/agreements/src/testing/example-new-municipality'), agreementsDir, {
      recursive: true,
    });
    hubCli(['topics', 'create'], { HUB_AGREEMENTS_DIR: agreementsDir });
  };

  beforeAll(async () => {
    assertStackUp();
    cpSync(join(REPO_ROOT, 'agreements'), agreementsDir, { recursive: true });
    hubServices.up(['router'], { HUB_AGREEMENTS_DIR: agreementsDir });
    kafka = testKafka();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer.disconnect();
    // router-2 too, should a failed test have left it running: later suites expect one router.
    hubServices.down(['router-2', 'router']);
  }, 60_000);

  it('routes a message published twice with the same message id once, with one hub event', async () => {
    const message = recommendation({ cpr: testCpr(1) });
    const bytes = encodeRecommendation(message);
    await publish([{ key: 'c1', value: bytes }]);
    await publish([{ key: 'c1', value: bytes }]);
    const id = message.envelope.messageId;
    const routed = await collect(
      kafka,
      TOPICS.outbound('jobcenter'),
      (m) => header(m, HEADERS.messageId) === id,
      (seen) => seen.length >= 1,
      { settleMs: 4_000 },
    );
    expect(routed).toHaveLength(1);
    const events = await collect(
      kafka,
      TOPICS.events,
      (m) => header(m, HEADERS.messageId) === id && header(m, HEADERS.kind) === 'events.ExchangeRouted',
      (seen) => seen.length >= 1,
    );
    expect(events).toHaveLength(1);
  });

  it('routes the valid messages of a mixed stream and dead-letters each bad one with its reason, telling the sender', async () => {
    const valid = [recommendation({ cpr: testCpr(2) }), recommendation({ cpr: testCpr(3) })];
    const incomplete = recommendation({ cpr: testCpr(4), price: null }); // seed 001: price required for a course
    const wrongFingerprint = Buffer.from(encodeRecommendation(recommendation({ cpr: testCpr(5) })));
    wrongFingerprint.writeUInt8(wrongFingerprint.readUInt8(5) ^ 0xff, 5);
    const garbage = Buffer.from(`garbage-${Date.now()}`);
    await publish([
      { key: 'm1', value: garbage },
      { key: 'm2', value: encodeRecommendation(valid[0]) },
      { key: 'm3', value: wrongFingerprint },
      { key: 'm4', value: encodeRecommendation(incomplete) },
      { key: 'm5', value: encodeRecommendation(valid[1]) },
    ]);

    const validIds = valid.map((m) => m.envelope.messageId);
    const routed = await collect(
      kafka,
      TOPICS.outbound('jobcenter'),
      (m) => validIds.includes(header(m, HEADERS.messageId) ?? ''),
      (seen) => seen.length >= 2,
    );
    expect(routed.map((r) => routedIdOf(r.value)).sort()).toEqual([...validIds].sort());

    const bad = [garbage, wrongFingerprint, encodeRecommendation(incomplete)];
    const deadLetters = await collect(
      kafka,
      TOPICS.deadLetters,
      (m) => bad.some((bytes) => m.value?.equals(bytes) === true),
      (seen) => seen.length >= 3,
    );
    const reasonOf = (bytes: Buffer) =>
      deadLetters.find((d) => d.value.equals(bytes))?.headers[HEADERS.reasonCode];
    expect(reasonOf(garbage)).toBe('WRONG_MARKER');
    expect(reasonOf(wrongFingerprint)).toBe('UNKNOWN_SCHEMA');
    expect(reasonOf(encodeRecommendation(incomplete))).toBe('RECOMMENDATION_INCOMPLETE');
    for (const letter of deadLetters) {
      expect(letter.headers[HEADERS.sourceTopic]).toBe(F1_TOPIC);
      expect(letter.headers[HEADERS.sourceOffset]).toMatch(/^\d+$/);
      expect(letter.headers[HEADERS.routerVersion]).toBeTruthy();
    }

    const sources = new Set(
      deadLetters.map((d) => `${d.headers[HEADERS.sourcePartition]}/${d.headers[HEADERS.sourceOffset]}`),
    );
    const receipts = await collect(
      kafka,
      TOPICS.outbound('akasse'),
      (m) => {
        if (header(m, HEADERS.kind) !== 'routing.RejectionReceipt') return false;
        const receipt = codec.decode(m.value ?? Buffer.alloc(0)).value as RejectionReceipt;
        return (
          receipt.sourceTopic === F1_TOPIC &&
          sources.has(`${receipt.sourcePartition}/${receipt.sourceOffset}`)
        );
      },
      (seen) => seen.length >= 3,
    );
    const receiptCodes = receipts
      .map((r) => (codec.decode(r.value).value as RejectionReceipt).reasonCode)
      .sort();
    expect(receiptCodes).toEqual(['RECOMMENDATION_INCOMPLETE', 'UNKNOWN_SCHEMA', 'WRONG_MARKER']);
    expect(
      receipts.every((r) => (codec.decode(r.value).value as RejectionReceipt).receiver.id === '3F'),
    ).toBe(true);
  });

  it('dead-letters a record over the size limit with its first bytes, length and SHA-256, and routes what comes after', async () => {
    // 700,000 bytes: the broker takes it (1 MiB a batch), the router's limit (512 KiB) does not, and
    // a dead letter with all of it plus headers would be near the broker's limit itself.
    const big = Buffer.alloc(700_000, `too-large-${Date.now()}-`);
    const after = recommendation({ cpr: testCpr(7) });
    await publish([
      { key: 'big', value: big },
      { key: 'after', value: encodeRecommendation(after) },
    ]);

    const routed = await collect(
      kafka,
      TOPICS.outbound('jobcenter'),
      (m) => header(m, HEADERS.messageId) === after.envelope.messageId,
      (seen) => seen.length >= 1,
    );
    expect(routed).toHaveLength(1);
    const sha256 = createHash('sha256').update(big).digest('hex');
    const [letter] = await collect(
      kafka,
      TOPICS.deadLetters,
      (m) => header(m, HEADERS.originalSha256) === sha256,
      (seen) => seen.length >= 1,
    );
    expect(letter.headers[HEADERS.reasonCode]).toBe('TOO_LARGE');
    expect(letter.headers[HEADERS.reasonText]).toContain('700003 bytes');
    expect(letter.headers[HEADERS.originalLength]).toBe('700000');
    expect(letter.value.equals(big.subarray(0, letter.value.length))).toBe(true);
    expect(letter.value.length).toBeLessThanOrEqual(1024);

    // Only its first bytes are kept, so it cannot be replayed: the CLI says so instead.
    const id = `${letter.partition}/${letter.offset}`;
    expect(() => hubCli(['deadletters', 'replay', '--id', id], { HUB_KAFKA_BROKERS: stack.brokers })).toThrow(
      /keeps only the first 1024 of its 700000 bytes \(TOO_LARGE\)/,
    );
  });

  it('dead-letters a record whose headers are too large, sent in a compressed batch, without its oversized header', async () => {
    // 1.5 MB of header compresses to a few KiB, so the broker takes the batch; carried whole onto
    // the dead letter it would be a record over the hub's limit (which counts bytes before
    // compression), and the router's commit would fail for good.
    const marker = `huge-header-${Date.now()}`;
    const after = recommendation({ cpr: testCpr(8) });
    await producer.send({
      topic: F1_TOPIC,
      acks: -1,
      compression: CompressionTypes.GZIP,
      messages: [
        {
          key: 'huge-header',
          value: Buffer.from(marker),
          headers: { 'x-blob': Buffer.alloc(1_500_000, 'a'), 'x-note': marker },
        },
      ],
    });
    await publish([{ key: 'after', value: encodeRecommendation(after) }]);

    const [letter] = await collect(
      kafka,
      TOPICS.deadLetters,
      (m) => header(m, 'x-note') === marker,
      (seen) => seen.length >= 1,
    );
    expect(letter.headers[HEADERS.reasonCode]).toBe('TOO_LARGE');
    expect(letter.headers[HEADERS.omittedHeaders]).toBe('x-blob (1500006 bytes)');
    expect(letter.headers['x-blob']).toBeUndefined();
    const routed = await collect(
      kafka,
      TOPICS.outbound('jobcenter'),
      (m) => header(m, HEADERS.messageId) === after.envelope.messageId,
      (seen) => seen.length >= 1,
    );
    expect(routed).toHaveLength(1);
  });

  it('routes a dead letter once after a fix makes it valid: a sixth municipality added as data, then replayed', async () => {
    const toAalborg = recommendation({ cpr: testCpr(6), receivers: [{ kind: 'jobcenter', id: '851' }] });
    const id = toAalborg.envelope.messageId;
    await publish([{ key: 'a1', value: encodeRecommendation(toAalborg) }]);
    await eventually('the dead letter for the unknown jobcenter 851', async () => {
      const listed = hubCli(['deadletters', 'list', '--message-id', id, '--json'], {
        HUB_KAFKA_BROKERS: stack.brokers,
      });
      return listed.includes('UNKNOWN_RECEIVER') ? listed : undefined;
    });

    // The fix: Aalborg's agreement and party files dropped into the agreements folder, no code change.
    addAalborg();
    process.kill(hubServices.pid('router'), 'SIGHUP');
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const replay = () =>
      hubCli(['deadletters', 'replay', '--message-id', id, '--json'], { HUB_KAFKA_BROKERS: stack.brokers });
    expect(JSON.parse(replay().trim().split('\n')[0]) as { to: string }).toEqual(
      expect.objectContaining({ to: F1_TOPIC }),
    );
    replay(); // Replaying again must not route it twice.
    const routed = await collect(
      kafka,
      TOPICS.outbound('jobcenter'),
      (m) => header(m, HEADERS.messageId) === id,
      (seen) => seen.length >= 1,
      { settleMs: 4_000 },
    );
    expect(routed).toHaveLength(1);
    expect((codec.decode(routed[0].value).value as RoutedMessage).receiver).toEqual({
      kind: 'jobcenter',
      id: '851',
    });
  });

  it('loses and duplicates nothing when killed with SIGKILL mid-batch, and keeps each citizen in order', async () => {
    const citizens = 40;
    const perCitizen = 75; // 3,000 messages
    // To Aalborg (851), known only to this router's copy of the agreements: the volume then queues for
    // a partner no other suite uses, and the notifier (which reads agreements/) mails nobody about it.
    addAalborg();
    const aalborg = [{ kind: 'jobcenter' as const, id: '851' }];
    hubServices.down(['router']);
    const order = new Map<string, string[]>(); // citizen key → message ids in publishing order
    const batch: { key: string; value: Buffer }[] = [];
    for (let i = 0; i < perCitizen; i += 1) {
      for (let c = 0; c < citizens; c += 1) {
        const message = recommendation({
          cpr: testCpr(100 + c),
          courseTitle: `Kursus ${i}`,
          receivers: aalborg,
        });
        const key = `citizen-${c}`;
        order.set(key, [...(order.get(key) ?? []), message.envelope.messageId]);
        batch.push({ key, value: encodeRecommendation(message) });
      }
    }
    for (let start = 0; start < batch.length; start += 500) await publish(batch.slice(start, start + 500));
    const ids = new Set([...order.values()].flat());

    hubServices.up(['router'], {
      HUB_AGREEMENTS_DIR: agreementsDir,
      ROUTER_MAX_RECORDS_PER_TRANSACTION: '100',
    });
    // Kill it once part of the work is committed, so the rest is in flight or not yet read.
    const routedBeforeKill = await collect(
      kafka,
      TOPICS.outbound('jobcenter'),
      (m) => ids.has(header(m, HEADERS.messageId) ?? ''),
      (seen) => seen.length >= 300,
      { settleMs: 0 },
    );
    const killed = hubServices.pid('router');
    execFileSync('kill', ['-KILL', String(killed)]);
    expect(routedBeforeKill.length).toBeLessThan(ids.size);
    await eventually('the killed router to be gone', async () => (isAlive(killed) ? undefined : true));
    hubServices.up(['router'], { HUB_AGREEMENTS_DIR: agreementsDir });

    const routed = await collect(
      kafka,
      TOPICS.outbound('jobcenter'),
      (m) => ids.has(header(m, HEADERS.messageId) ?? ''),
      (seen) => new Set(seen.map((r) => r.headers[HEADERS.messageId])).size >= ids.size,
      { timeoutMs: 150_000, settleMs: 3_000 },
    );
    expectRoutedOnceInCitizenOrder(routed, ids.size, order);
  }, 300_000);

  it('loses and duplicates nothing when one of two router instances is killed with SIGKILL, the other taking over its partitions', async () => {
    const citizens = 40;
    const perCitizen = 75; // 3,000 messages while both run
    const afterKill = 5; // 200 more per citizen once one is dead: every inbound partition has work left
    addAalborg();
    const aalborg = [{ kind: 'jobcenter' as const, id: '851' }];
    const order = new Map<string, string[]>(); // citizen key → message ids in publishing order
    const wave = (from: number, to: number): { key: string; value: Buffer }[] => {
      const messages: { key: string; value: Buffer }[] = [];
      for (let i = from; i < to; i += 1) {
        for (let c = 0; c < citizens; c += 1) {
          const message = recommendation({
            cpr: testCpr(200 + c),
            courseTitle: `Kursus ${i}`,
            receivers: aalborg,
          });
          const key = `citizen-${c}`;
          order.set(key, [...(order.get(key) ?? []), message.envelope.messageId]);
          messages.push({ key, value: encodeRecommendation(message) });
        }
      }
      return messages;
    };
    const publishAll = async (messages: { key: string; value: Buffer }[]) => {
      for (let start = 0; start < messages.length; start += 500)
        await publish(messages.slice(start, start + 500));
    };
    const partitions = await inboundPartitions(kafka, F1_TOPIC);

    // Both instances fresh, so their logs (read from here on) and metrics tell only of this test.
    hubServices.down(['router-2', 'router']);
    const log = { router: new ServiceLog('router'), 'router-2': new ServiceLog('router-2') };
    const settings = { HUB_AGREEMENTS_DIR: agreementsDir, ROUTER_MAX_RECORDS_PER_TRANSACTION: '100' };
    hubServices.up(['router', 'router-2'], settings);
    try {
      // The load goes out only once the group has settled with both members, so both get some of it.
      await eventually(
        `router and router-2 to split the ${partitions.length} partitions of ${F1_TOPIC}`,
        async () => {
          const first = log.router.latestAssignment(F1_TOPIC);
          const second = log['router-2'].latestAssignment(F1_TOPIC);
          if (first.length === 0 || second.length === 0) return undefined;
          const both = [...first, ...second].sort((a, b) => a - b);
          return both.join() === partitions.join() ? true : undefined;
        },
        { timeoutMs: 60_000 },
      );
      const firstWave = wave(0, perCitizen);
      // Looked up once: each look-up runs hub-services, which would slow the polling below.
      const metrics = {
        router: hubServices.url('router', '/metrics'),
        'router-2': hubServices.url('router-2', '/metrics'),
      };
      await publishAll(firstWave);

      // Kill router-2 once both committed some of the load, while the rest is in flight or unread.
      const before = await eventually(
        'both instances to commit, with 300 records handled',
        async () => {
          const [first, second] = await Promise.all([
            metricsOf(metrics.router),
            metricsOf(metrics['router-2']),
          ]);
          const busy = first.commits > 0 && second.commits > 0 && first.consumed + second.consumed >= 300;
          return busy ? { consumed: first.consumed + second.consumed } : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      const killed = hubServices.pid('router-2');
      execFileSync('kill', ['-KILL', String(killed)]);
      const killedAt = log.router.mark();
      expect(before.consumed).toBeLessThan(firstWave.length);
      // router-2 joined before any of the load was out, so each partition it held has its share of
      // it, and gets more of it below, after the kill.
      await eventually('the killed router-2 to be gone', async () => (isAlive(killed) ? undefined : true));

      // More load for every citizen, so each inbound partition (router-2's too) has work only the
      // survivor can do.
      await publishAll(wave(perCitizen, perCitizen + afterKill));
      const ids = new Set([...order.values()].flat());

      // The survivor notices router-2's death when its session times out (15 s), then owns every
      // partition and reads the committed offsets of router-2's once they are stable (once the
      // broker has aborted the transaction router-2 may have left open).
      await eventually(
        "router to take over router-2's partitions and read their committed offsets",
        async () => {
          const owned = log.router.latestAssignment(F1_TOPIC, killedAt);
          return owned.join() === partitions.join() && log.router.readCommittedOffsets(killedAt)
            ? true
            : undefined;
        },
        { timeoutMs: 60_000 },
      );

      const routed = await collect(
        kafka,
        TOPICS.outbound('jobcenter'),
        (m) => ids.has(header(m, HEADERS.messageId) ?? ''),
        (seen) => new Set(seen.map((r) => r.headers[HEADERS.messageId])).size >= ids.size,
        { timeoutMs: 90_000, settleMs: 3_000 },
      );
      expect(isAlive(killed)).toBe(false); // Everything above was routed by the survivor alone.
      expectRoutedOnceInCitizenOrder(routed, ids.size, order);
    } finally {
      // Leave one router as the other tests expect it: router-2 gone, router with this file's settings.
      hubServices.down(['router-2', 'router']);
      hubServices.up(['router'], { HUB_AGREEMENTS_DIR: agreementsDir });
    }
  }, 240_000);
});

/**
 * Every message routed exactly once, and per citizen in publishing order: the routed copies are keyed
 * by the citizen's pseudonym, so each citizen's are on one partition, in offset order.
 */
function expectRoutedOnceInCitizenOrder(
  routed: readonly { partition: number; offset: string; key: string | null; value: Buffer }[],
  messages: number,
  order: ReadonlyMap<string, string[]>,
): void {
  const routedIds = routed.map((r) => routedIdOf(r.value));
  expect(routedIds).toHaveLength(messages);
  expect(new Set(routedIds).size).toBe(messages);
  const byPseudonym = new Map<string, string[]>();
  for (const record of [...routed].sort(
    (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
  )) {
    byPseudonym.set(record.key ?? '', [
      ...(byPseudonym.get(record.key ?? '') ?? []),
      routedIdOf(record.value),
    ]);
  }
  expect(byPseudonym.size).toBe(order.size);
  const published = [...order.values()].map((list) => list.join(',')).sort();
  expect([...byPseudonym.values()].map((list) => list.join(',')).sort()).toEqual(published);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function inboundPartitions(kafka: Kafka, topic: string): Promise<number[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0].partitions.map((p) => p.partitionId).sort((a, b) => a - b);
  } finally {
    await admin.disconnect();
  }
}

/** What a service's /metrics (at `url`) says about its consumer loop since it started. */
async function metricsOf(url: string): Promise<{ commits: number; consumed: number }> {
  const text = await (await fetch(url)).text();
  const sum = (name: string): number =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  return { commits: sum('hub_consumer_commits_total'), consumed: sum('hub_messages_consumed_total') };
}

interface LogEntry {
  msg?: string;
  assignment?: Record<string, number[]>;
}

/**
 * A service's JSON log (.stack/<profile>/services/<service>.log) from the moment this was made: the
 * file is appended to across starts, so only what came after is this test's.
 */
class ServiceLog {
  private readonly file: string;
  private readonly from: number;

  constructor(service: string) {
    this.file = join(REPO_ROOT, '.stack', PROFILE, 'services', `${service}.log`);
    this.from = this.mark();
  }

  /** The log's current end, to read only what comes after. */
  mark(): number {
    return existsSync(this.file) ? statSync(this.file).size : 0;
  }

  entries(from = this.from): LogEntry[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file)
      .subarray(from)
      .toString('utf8')
      .split('\n')
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as LogEntry];
        } catch {
          return []; // Not a log entry (a line node itself printed, or a partly written one).
        }
      });
  }

  /** The topic's partitions in the latest assignment the consumer group gave this instance. */
  latestAssignment(topic: string, from?: number): number[] {
    const joins = this.entries(from).filter((entry) => entry.msg === 'joined consumer group');
    const last = joins[joins.length - 1];
    return [...(last?.assignment?.[topic] ?? [])].sort((a, b) => a - b);
  }

  /** Whether this instance has read the committed offsets of partitions newly assigned to it. */
  readCommittedOffsets(from?: number): boolean {
    return this.entries(from).some(
      (entry) => entry.msg === 'read the committed offsets of newly assigned partitions',
    );
  }
}
