import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';

import { eventually } from '../support/eventually';
import { assertStackUp, hubCli, hubServices, REPO_ROOT, stackSettings } from '../support/local-stack';

interface InboxItem {
  receivedAt: string;
  idempotencyKey: string;
  deliveries: number;
  document: { messageId: string; receiver: { kind: string; id: string } };
}

interface HubEvent {
  messageId?: string;
  attempts?: number;
  permanent?: boolean;
  httpStatus?: number | null;
  reason?: string;
}

interface QueueRow {
  message_id: string;
  status: string;
  attempts: number;
  http_status: number | null;
  last_error: string | null;
}

/**
 * Issue 6's guarantee, on the real services: a partner system that is down makes only its own
 * messages wait. One citizen's recommendations of an early offer (F1, from a-kasse 3F) go to the
 * Norddjurs jobcenter (707), which is down, and to Hedensted (766), which is up; both travel in the
 * same Kafka partition (keyed by the citizen). Hedensted gets its messages at once; Norddjurs gets
 * its own when it comes back, each once, in the order they were sent. København (101) is configured
 * with a signing secret its system does not know, so it refuses every document (401): a permanent
 * failure, kept with the partner's reason, that does not hold up the messages behind it.
 */
describe('a partner system that is down for a while', () => {
  const stack = stackSettings();
  const db = new Client({ connectionString: stack.databaseUrl });
  const work = mkdtempSync(join(tmpdir(), 'hub-outage-'));
  const sample = JSON.parse(
    readFileSync(join(REPO_ROOT, 'demo/samples/f1-early-offer-recommendation.json'), 'utf8'),
  ) as {
    kind: string;
    value: { envelope: { messageId: string; receivers: { kind: string; id: string }[] } };
  };
  // The a-kasse keys its messages by its own reference for the citizen, so they stay in order.
  const citizenReference = `3F-member-${randomUUID()}`;
  const sent: { messageId: string; jobcenter: string; publishedAt: number }[] = [];
  const idsFor = (jobcenter: string): string[] =>
    sent.filter((message) => message.jobcenter === jobcenter).map((message) => message.messageId);

  const simulator = (path: string): string => hubServices.url('partner-simulator', path);

  async function setOutage(jobcenter: string, down: boolean): Promise<void> {
    const response = await fetch(simulator(`/partners/jobcenter/${jobcenter}/outage`), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ down }),
    });
    expect(response.status).toBe(200);
  }

  async function inbox(jobcenter: string): Promise<InboxItem[]> {
    const response = await fetch(simulator(`/partners/jobcenter/${jobcenter}/inbox`));
    return ((await response.json()) as { items: InboxItem[] }).items;
  }

  async function queueRows(messageIds: string[]): Promise<QueueRow[]> {
    const result = await db.query<QueueRow>(
      'SELECT message_id, status, attempts, http_status, last_error FROM delivery_queue WHERE message_id = ANY($1) ORDER BY seq',
      [messageIds],
    );
    return result.rows;
  }

  /** What is on a topic, as an operator reads it with `hub tail`. */
  function onTopic(topic: string): { kind: string; headers: Record<string, string>; value: HubEvent }[] {
    return hubCli(['tail', topic, '--from-beginning', '--timeout', '3', '--json'], {
      HUB_KAFKA_BROKERS: stack.brokers,
    })
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { kind: string; headers: Record<string, string>; value: HubEvent });
  }

  function publish(jobcenter: string): void {
    const messageId = randomUUID();
    const message = structuredClone(sample);
    message.value.envelope.messageId = messageId;
    message.value.envelope.receivers = [{ kind: 'jobcenter', id: jobcenter }];
    const file = join(work, `${messageId}.json`);
    writeFileSync(file, JSON.stringify(message));
    hubCli(['publish', '--as', 'akasse:3F', '--file', file, '--key', citizenReference, '--json'], {
      HUB_KAFKA_BROKERS: stack.brokers,
    });
    sent.push({ messageId, jobcenter, publishedAt: Date.now() });
  }

  beforeAll(async () => {
    assertStackUp();
    await db.connect();
    const partnersFile = join(work, 'partners.yaml');
    writeFileSync(
      partnersFile,
      [
        'partners:',
        '  jobcenter:101:',
        `    hmacSecret: not-the-secret-koebenhavn-knows-${randomUUID()}`,
      ].join('\n'),
    );
    // Restarted so that it runs with this test's settings: short backoff and cool-down, so a partner
    // that comes back is retried within seconds, and the partners file.
    hubServices.down(['jobcenter-adapter']);
    hubServices.up([], {
      JOBCENTER_ADAPTER_PARTNERS_FILE: partnersFile,
      JOBCENTER_ADAPTER_RETRY_INITIAL_MS: '200',
      JOBCENTER_ADAPTER_RETRY_MAX_MS: '1000',
      JOBCENTER_ADAPTER_CIRCUIT_FAILURES: '3',
      JOBCENTER_ADAPTER_CIRCUIT_COOLDOWN_MS: '2000',
    });
    await setOutage('707', true);
    for (const jobcenter of ['707', '766', '707', '101', '766', '707', '101', '766', '707']) {
      publish(jobcenter);
    }
  }, 180_000);

  afterAll(async () => {
    await setOutage('707', false).catch(() => undefined);
    await db.end();
    hubServices.down();
  }, 90_000);

  it("delivers the other jobcenter's messages promptly while Norddjurs is down", async () => {
    const hedensted = idsFor('766');
    const arrived = await eventually(
      'the messages at jobcenter 766',
      async () => {
        const items = (await inbox('766')).filter((item) => hedensted.includes(item.document.messageId));
        return items.length === hedensted.length ? items : undefined;
      },
      { timeoutMs: 15_000 },
    );
    // Each within seconds of being sent, though the messages for 707 ahead of it in the same
    // partition are still waiting.
    for (const item of arrived) {
      const publishedAt =
        sent.find((message) => message.messageId === item.document.messageId)?.publishedAt ?? 0;
      expect(Date.parse(item.receivedAt) - publishedAt).toBeLessThan(5_000);
    }
    expect(arrived.map((item) => item.document.messageId)).toEqual(hedensted);
    expect(arrived.every((item) => item.deliveries === 1)).toBe(true);
    const atNorddjurs = (await inbox('707')).filter((item) =>
      idsFor('707').includes(item.document.messageId),
    );
    expect(atNorddjurs).toEqual([]);
  });

  it("keeps Norddjurs's messages waiting in order: only the oldest is retried, the others are not tried", async () => {
    const norddjurs = idsFor('707');
    const rows = await eventually(
      'the oldest message for 707 to have been tried a few times',
      async () => {
        const found = await queueRows(norddjurs);
        return found.length === norddjurs.length && found[0].attempts >= 3 ? found : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(rows.map((row) => row.message_id)).toEqual(norddjurs);
    expect(rows.every((row) => row.status === 'pending')).toBe(true);
    expect(rows[0].http_status).toBe(503);
    expect(rows.slice(1).map((row) => row.attempts)).toEqual([0, 0, 0]);
  });

  it('delivers the waiting messages to Norddjurs once each, in the order they were sent, when it comes back', async () => {
    const norddjurs = idsFor('707');
    await setOutage('707', false);
    const arrived = await eventually(
      'the messages at jobcenter 707',
      async () => {
        const items = (await inbox('707')).filter((item) => norddjurs.includes(item.document.messageId));
        return items.length === norddjurs.length ? items : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(arrived.map((item) => item.document.messageId)).toEqual(norddjurs);
    // Nothing arrives twice, also a little later.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const settled = (await inbox('707')).filter((item) => norddjurs.includes(item.document.messageId));
    expect(settled.map((item) => item.deliveries)).toEqual([1, 1, 1, 1]);
  });

  it('tells the hub (and so the exchange log) about each outcome once: delivered or failed for good', async () => {
    const events = onTopic('hub.internal.events.v1');
    const outcomes = (messageId: string) =>
      events.filter(
        (event) =>
          event.value.messageId === messageId &&
          (event.kind === 'events.DeliverySucceeded' || event.kind === 'events.DeliveryFailed'),
      );
    for (const messageId of idsFor('766')) {
      expect(outcomes(messageId).map((event) => [event.kind, event.value.attempts])).toEqual([
        ['events.DeliverySucceeded', 1],
      ]);
    }
    const norddjurs = idsFor('707').map((messageId) => outcomes(messageId));
    expect(norddjurs.map((found) => found.map((event) => event.kind))).toEqual(
      idsFor('707').map(() => ['events.DeliverySucceeded']),
    );
    // The oldest one was tried while Norddjurs was down; the others went at the first try.
    expect(norddjurs[0][0].value.attempts).toBeGreaterThan(3);
    expect(norddjurs.slice(1).map((found) => found[0].value.attempts)).toEqual([1, 1, 1]);
    for (const messageId of idsFor('101')) {
      expect(outcomes(messageId).map((event) => event.value)).toEqual([
        expect.objectContaining({ permanent: true, httpStatus: 401, attempts: 1 }),
      ]);
    }
  });

  it("keeps a partner's refusal (4xx) for good with its reason, and goes on with the partner's next message", async () => {
    const koebenhavn = idsFor('101');
    const rows = await eventually(
      'both messages for 101 to have failed',
      async () => {
        const found = await queueRows(koebenhavn);
        return found.length === koebenhavn.length && found.every((row) => row.status === 'failed')
          ? found
          : undefined;
      },
      { timeoutMs: 20_000 },
    );
    for (const row of rows) {
      expect(row.attempts).toBe(1);
      expect(row.http_status).toBe(401);
      expect(row.last_error).toContain('signature does not match');
    }
    const atKoebenhavn = (await inbox('101')).map((item) => item.document.messageId);
    expect(atKoebenhavn.filter((messageId) => koebenhavn.includes(messageId))).toEqual([]);
    // Kept where an operator sees it and can replay it once the partner has fixed its side.
    const deadLetters = onTopic('hub.internal.deadletter.v1').filter((record) =>
      koebenhavn.includes(record.headers['hub-message-id']),
    );
    expect(deadLetters.map((record) => record.headers['hub-dlq-reason-code'])).toEqual([
      'PARTNER_REFUSED',
      'PARTNER_REFUSED',
    ]);
    expect(deadLetters[0].headers['hub-dlq-reason-text']).toContain('(401)');
  });
});
