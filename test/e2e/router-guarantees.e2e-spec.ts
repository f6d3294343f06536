import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { HEADERS, RejectionReceipt, RoutedMessage, TOPICS } from '@hub/contracts';
import type { Kafka, Producer } from '@hub/kafka';

import { eventually } from '../support/eventually';
import { collect, header, testKafka } from '../support/kafka-topics';
import { assertStackUp, hubCli, hubServices, REPO_ROOT, stackSettings } from '../support/local-stack';
import { codec, encodeRecommendation, F1_TOPIC, recommendation, testCpr } from '../support/messages';

const routedIdOf = (value: Buffer): string => (codec.decode(value).value as RoutedMessage).messageId;

/**
 * Issue 5 against the real broker and database: the router routes every valid message exactly once,
 * dead-letters every bad one with its reason and tells the sender, survives SIGKILL mid-batch without
 * losing or duplicating anything, and routes a replayed dead letter once after a fix.
 */
describe('router guarantees', () => {
  const stack = stackSettings();
  // The router reads its own copy of the agreements, so a test can add a municipality and reload.
  const agreementsDir = mkdtempSync(join(tmpdir(), 'hub-agreements-'));
  let kafka: Kafka;
  let producer: Producer;
  const publish = (messages: { key: string; value: Buffer }[]) =>
    producer.send({ topic: F1_TOPIC, acks: -1, messages: messages.map((m) => ({ ...m, headers: {} })) });

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
    hubServices.down(['router']);
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
    cpSync(join(REPO_ROOT, 'libs/agreements/src/testing/example-new-municipality'), agreementsDir, {
      recursive: true,
    });
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
    cpSync(join(REPO_ROOT, 'libs/agreements/src/testing/example-new-municipality'), agreementsDir, {
      recursive: true,
    });
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
    const routedIds = routed.map((r) => routedIdOf(r.value));
    expect(routedIds).toHaveLength(ids.size);
    expect(new Set(routedIds).size).toBe(ids.size);

    // Per citizen: the routed copies (keyed by the citizen's pseudonym, so on one partition) are in order.
    const byPseudonym = new Map<string, string[]>();
    for (const record of [...routed].sort(
      (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
    )) {
      byPseudonym.set(record.key ?? '', [
        ...(byPseudonym.get(record.key ?? '') ?? []),
        routedIdOf(record.value),
      ]);
    }
    expect(byPseudonym.size).toBe(citizens);
    const published = [...order.values()].map((list) => list.join(',')).sort();
    expect([...byPseudonym.values()].map((list) => list.join(',')).sort()).toEqual(published);
  }, 300_000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
