import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { IDEMPOTENCY_HEADER, partnerSecret, SIGNATURE_HEADER, signDelivery } from '@hub/partner-delivery';
import { Client } from 'pg';

import { eventually } from '../support/eventually';
import { assertStackUp, hubCli, hubServices, REPO_ROOT, stackSettings } from '../support/local-stack';

interface InboxItem {
  idempotencyKey: string;
  deliveries: number;
  signature: string;
  document: { messageId: string };
}

const NORDDJURS = { kind: 'jobcenter', id: '707' };

/**
 * Issue 16, item 6, on the real services: a delivery's signature covers its time, its idempotency
 * key and its body, and the partner (the simulator verifies exactly as docs/partner-delivery-signing.md
 * asks of a partner) refuses a request sent again, a request whose idempotency key was changed, and a
 * request signed too long ago; the hub's own deliveries are accepted.
 */
describe('signed, non-replayable deliveries', () => {
  const stack = stackSettings();
  const db = new Client({ connectionString: stack.databaseUrl });
  const work = mkdtempSync(join(tmpdir(), 'hub-signing-'));
  const inboxUrl = (): string =>
    hubServices.url('partner-simulator', `/partners/${NORDDJURS.kind}/${NORDDJURS.id}/inbox`);
  let delivered: InboxItem;

  async function inbox(): Promise<InboxItem[]> {
    return ((await (await fetch(inboxUrl())).json()) as { items: InboxItem[] }).items;
  }

  /** A POST to Norddjurs's endpoint as anyone on the network could make it. */
  async function post(
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; text: string }> {
    const response = await fetch(inboxUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  /** Norddjurs's own secret, as the hub derives it from its master secret. */
  function norddjursSecret(): string {
    return partnerSecret(hubServices.env('jobcenter-adapter').JOBCENTER_ADAPTER_HMAC_SECRET, NORDDJURS);
  }

  beforeAll(async () => {
    assertStackUp();
    await db.connect();
    hubServices.up(['partner-simulator', 'router', 'jobcenter-adapter']);
    const sample = JSON.parse(
      readFileSync(join(REPO_ROOT, 'demo/samples/f1-early-offer-recommendation.json'), 'utf8'),
    ) as { kind: string; value: { envelope: { messageId: string } } };
    const messageId = randomUUID();
    sample.value.envelope.messageId = messageId;
    const file = join(work, 'f1.json');
    writeFileSync(file, JSON.stringify(sample));
    hubCli(['publish', '--as', 'akasse:3F', '--file', file, '--json'], { HUB_KAFKA_BROKERS: stack.brokers });
    delivered = await eventually(
      'the recommendation at jobcenter 707',
      async () => (await inbox()).find((item) => item.document.messageId === messageId),
      { timeoutMs: 30_000 },
    );
  }, 180_000);

  afterAll(async () => {
    await db.end();
    hubServices.down();
  }, 90_000);

  it("accepts the hub's delivery, signed over time, idempotency key and body", async () => {
    expect(delivered.deliveries).toBe(1);
    expect(delivered.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const signedAt = Number(/^t=(\d+)/.exec(delivered.signature)?.[1]);
    expect(Math.abs(Date.now() / 1000 - signedAt)).toBeLessThan(120);
    const row = await db.query<{ status: string; http_status: number }>(
      'SELECT status, http_status FROM delivery_queue WHERE delivery_id = $1',
      [delivered.idempotencyKey],
    );
    expect(row.rows).toEqual([{ status: 'delivered', http_status: 200 }]);
  });

  it("refuses the hub's request captured and sent again as it was: a replay", async () => {
    const answer = await post(JSON.stringify(delivered.document), {
      [IDEMPOTENCY_HEADER]: delivered.idempotencyKey,
      [SIGNATURE_HEADER]: delivered.signature,
    });
    expect(answer.status).toBe(409);
    expect(answer.text).toContain('replayed request');
    const again = (await inbox()).find((item) => item.idempotencyKey === delivered.idempotencyKey);
    expect(again?.deliveries).toBe(1);
  });

  it("refuses the hub's request captured and sent again with a new idempotency key", async () => {
    const tamperedKey = randomUUID();
    const answer = await post(JSON.stringify(delivered.document), {
      [IDEMPOTENCY_HEADER]: tamperedKey,
      [SIGNATURE_HEADER]: delivered.signature,
    });
    expect(answer.status).toBe(401);
    expect(answer.text).toContain('signature does not match');
    expect((await inbox()).filter((item) => item.idempotencyKey === tamperedKey)).toEqual([]);
  });

  it('refuses a request signed with the right secret but longer ago than the tolerance (5 minutes)', async () => {
    const body = JSON.stringify({ ...delivered.document, note: 'signed too long ago' });
    const idempotencyKey = randomUUID();
    const signedAt = Math.floor(Date.now() / 1000) - 301;
    const answer = await post(body, {
      [IDEMPOTENCY_HEADER]: idempotencyKey,
      [SIGNATURE_HEADER]: signDelivery(norddjursSecret(), { timestamp: signedAt, idempotencyKey, body }),
    });
    expect(answer.status).toBe(401);
    expect(answer.text).toContain('more than 300 s from now');
    expect((await inbox()).filter((item) => item.idempotencyKey === idempotencyKey)).toEqual([]);
  });

  it('takes the same document signed now, once; a redelivery signed afresh is a duplicate, not a replay', async () => {
    const body = JSON.stringify({ ...delivered.document, note: 'signed now' });
    const idempotencyKey = randomUUID();
    const now = Math.floor(Date.now() / 1000);
    const headers = (timestamp: number) => ({
      [IDEMPOTENCY_HEADER]: idempotencyKey,
      [SIGNATURE_HEADER]: signDelivery(norddjursSecret(), { timestamp, idempotencyKey, body }),
    });
    const first = await post(body, headers(now));
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toMatchObject({ duplicate: false });
    expect((await post(body, headers(now))).status).toBe(409);
    const redelivery = await post(body, headers(now + 2));
    expect(redelivery.status).toBe(200);
    expect(JSON.parse(redelivery.text)).toMatchObject({ duplicate: true });
  });
});
