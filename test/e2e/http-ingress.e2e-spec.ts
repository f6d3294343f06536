import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

import { HEADERS, TOPICS } from '@hub/contracts';
import type { Kafka } from '@hub/kafka';

import { generateWorkload } from '../../apps/partner-simulator/src/traffic';
import type { TrafficRun } from '../../apps/partner-simulator/src/traffic/traffic.service';
import { eventually } from '../support/eventually';
import { collect, header, testKafka } from '../support/kafka-topics';
import { assertStackUp, hubServices, PROFILE, REPO_ROOT } from '../support/local-stack';
import { codec, encodeRecommendation, F1_TOPIC, recommendation, testCpr } from '../support/messages';

interface Answer {
  status: number;
  body: { messageId?: string; reasonCode?: string; reasonText?: string; topic?: string };
}

const TLS_DIR = join(REPO_ROOT, '.stack', PROFILE, 'ingress-tls');

/**
 * Issue 14 item 4 against the real services: a partner without Kafka posts its messages to the HTTPS
 * ingress, which puts each on the partner's own inbound topic for the router. Accepted messages are
 * routed (once, however often posted); wrong credentials, another partner's message, malformed and
 * oversized ones are refused with the router's reason codes and never reach the topic.
 */
describe('HTTP ingress', () => {
  let kafka: Kafka;
  let port: number;
  let keys: Map<string, string>;
  let ingressEnv: Record<string, string>;

  const post = (
    body: Buffer | string,
    options: {
      key?: string;
      contentType?: string;
      cert?: { cert: Buffer; key: Buffer };
      recordKey?: string;
    } = {},
  ): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
      const outgoing = request(
        {
          host: '127.0.0.1',
          port,
          path: '/messages',
          method: 'POST',
          ca: readFileSync(join(TLS_DIR, 'ca.crt')),
          ...(options.cert ?? {}),
          headers: {
            'content-type': options.contentType ?? 'application/json',
            'content-length': String(bytes.length),
            ...(options.key ? { 'x-api-key': options.key } : {}),
            ...(options.recordKey ? { 'hub-record-key': options.recordKey } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: response.statusCode ?? 0,
              body: text ? (JSON.parse(text) as Answer['body']) : {},
            });
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(bytes);
    });

  const jsonForm = (value: ReturnType<typeof recommendation>): string =>
    JSON.stringify({
      kind: 'beskedmodul.EarlyOfferRecommendation',
      value: codec.toJson('beskedmodul.EarlyOfferRecommendation', value),
    });

  const routedCopies = (messageId: string, settleMs = 1_500) =>
    collect(
      kafka,
      TOPICS.outbound('jobcenter'),
      (m) => header(m, HEADERS.messageId) === messageId,
      (seen) => seen.length >= 1,
      { settleMs },
    );

  const messageIdOf = (value: Buffer | null): string | undefined => {
    try {
      return (codec.decode(value ?? Buffer.alloc(0)).value as { envelope: { messageId: string } }).envelope
        .messageId;
    } catch {
      return undefined;
    }
  };

  /**
   * The message ids that reached 3F's inbound topic under `recordKey` (so on one partition, in order),
   * read up to a sentinel posted last: what was refused before it would have arrived before it.
   */
  const arrivedBefore = async (recordKey: string, ids: string[]): Promise<string[]> => {
    const sentinel = recommendation({ cpr: testCpr(900) });
    const accepted = await post(jsonForm(sentinel), { key: keys.get('akasse:3F'), recordKey });
    expect(accepted.status).toBe(202);
    const seen = await collect(
      kafka,
      F1_TOPIC,
      (m) => m.key?.toString() === recordKey,
      (records) => records.some((r) => messageIdOf(r.value) === sentinel.envelope.messageId),
      { settleMs: 0 },
    );
    return seen.map((r) => messageIdOf(r.value) ?? '').filter((id) => ids.includes(id));
  };

  beforeAll(() => {
    assertStackUp();
    hubServices.up(['router', 'ingress']);
    ingressEnv = hubServices.env('ingress');
    port = Number(ingressEnv.INGRESS_HTTP_PORT);
    keys = new Map(
      ingressEnv.INGRESS_PARTNER_API_KEYS.split(',').map((entry) => {
        const at = entry.indexOf('=');
        return [entry.slice(0, at), entry.slice(at + 1)] as [string, string];
      }),
    );
    kafka = testKafka();
  }, 120_000);

  afterAll(() => {
    hubServices.down(['partner-simulator', 'ingress', 'router']);
  }, 60_000);

  it('accepts a message in JSON form over HTTPS with 202 and its message id, and the router routes it', async () => {
    const message = recommendation({ cpr: testCpr(801) });
    const answer = await post(jsonForm(message), { key: keys.get('akasse:3F') });
    expect(answer).toEqual({
      status: 202,
      body: {
        messageId: message.envelope.messageId,
        kind: 'beskedmodul.EarlyOfferRecommendation',
        topic: F1_TOPIC,
      },
    });
    const routed = await routedCopies(message.envelope.messageId);
    expect(routed).toHaveLength(1);
    expect(codec.decode(routed[0].value).kind).toBe('routing.RoutedMessage');
  });

  it('accepts the Avro bytes as on Kafka, from a partner that authenticates with its client certificate', async () => {
    const issued = execFileSync(join(REPO_ROOT, 'infra/bin/hub-services'), ['client-cert', 'akasse:3F'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, HUB_STACK_PROFILE: PROFILE },
    });
    const path = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(issued)?.[1] as string;
    const cert = { cert: readFileSync(path('HUB_CLIENT_CERT')), key: readFileSync(path('HUB_CLIENT_KEY')) };
    const message = recommendation({ cpr: testCpr(802) });
    const answer = await post(encodeRecommendation(message), {
      contentType: 'application/vnd.hub.avro',
      cert,
    });
    expect(answer.status).toBe(202);
    expect(answer.body.messageId).toBe(message.envelope.messageId);
    expect(await routedCopies(message.envelope.messageId)).toHaveLength(1);

    // The same certificate is 3F's only: it cannot send as the jobcentre.
    const other = recommendation({ cpr: testCpr(803) });
    other.envelope.sender = { kind: 'jobcenter', id: '707' };
    other.envelope.receivers = [{ kind: 'akasse', id: '3F' }];
    const refused = await post(jsonForm(other), { cert });
    expect(refused.status).toBe(403);
    expect(refused.body.reasonCode).toBe('SENDER_MISMATCH');
  });

  it('answers 202 to the same message posted twice, and the router routes it once with one hub event', async () => {
    const message = recommendation({ cpr: testCpr(804) });
    const first = await post(jsonForm(message), { key: keys.get('akasse:3F') });
    const second = await post(jsonForm(message), { key: keys.get('akasse:3F') });
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body.messageId).toBe(message.envelope.messageId);
    const id = message.envelope.messageId;
    // Both copies are on the inbound topic: the ingress does not drop the second, the router does.
    const inbound = await collect(
      kafka,
      F1_TOPIC,
      (m) => messageIdOf(m.value) === id,
      (seen) => seen.length >= 2,
    );
    expect(inbound).toHaveLength(2);
    expect(await routedCopies(id, 4_000)).toHaveLength(1);
    const events = await collect(
      kafka,
      TOPICS.events,
      (m) => header(m, HEADERS.messageId) === id && header(m, HEADERS.kind) === 'events.ExchangeRouted',
      (seen) => seen.length >= 1,
      { settleMs: 2_000 },
    );
    expect(events).toHaveLength(1);
  });

  it("refuses a missing or wrong key with 401 and another partner's key with 403; nothing reaches the topic", async () => {
    const recordKey = `auth-${randomUUID()}`;
    const noKey = recommendation({ cpr: testCpr(805) });
    const wrongKey = recommendation({ cpr: testCpr(806) });
    const othersKey = recommendation({ cpr: testCpr(807) });

    const missing = await post(jsonForm(noKey), { recordKey });
    expect(missing.status).toBe(401);
    expect(missing.body.reasonCode).toBe('UNAUTHENTICATED');
    const wrong = await post(jsonForm(wrongKey), { key: `not-a-key-${randomUUID()}`, recordKey });
    expect(wrong.status).toBe(401);
    expect(wrong.body.reasonCode).toBe('UNAUTHENTICATED');
    // Norddjurs jobcentre's valid key, with 3F's message: a key for X publishes as X only.
    const foreign = await post(jsonForm(othersKey), { key: keys.get('jobcenter:707'), recordKey });
    expect(foreign.status).toBe(403);
    expect(foreign.body.reasonCode).toBe('SENDER_MISMATCH');
    expect(foreign.body.reasonText).toContain('jobcenter:707');

    const ids = [noKey, wrongKey, othersKey].map((m) => m.envelope.messageId);
    expect(await arrivedBefore(recordKey, ids)).toEqual([]);
  });

  it('refuses malformed messages with 400 and the reason codes dead letters carry', async () => {
    const key = keys.get('akasse:3F');
    const recordKey = `bad-${randomUUID()}`;
    const garbage = await post(Buffer.from('garbage'), {
      key,
      contentType: 'application/vnd.hub.avro',
      recordKey,
    });
    expect([garbage.status, garbage.body.reasonCode]).toEqual([400, 'WRONG_MARKER']);

    const wrongFingerprint = Buffer.from(encodeRecommendation(recommendation({ cpr: testCpr(808) })));
    wrongFingerprint.writeUInt8(wrongFingerprint.readUInt8(5) ^ 0xff, 5);
    const unknown = await post(wrongFingerprint, { key, contentType: 'application/vnd.hub.avro', recordKey });
    expect([unknown.status, unknown.body.reasonCode]).toEqual([400, 'UNKNOWN_SCHEMA']);

    const notJson = await post('{"kind": ', { key, recordKey });
    expect([notJson.status, notJson.body.reasonCode]).toEqual([400, 'INVALID_JSON']);

    const incomplete = JSON.parse(jsonForm(recommendation({ cpr: testCpr(809) }))) as {
      value: { envelope: Record<string, unknown> };
    };
    delete incomplete.value.envelope.queuedAt;
    const invalid = await post(JSON.stringify(incomplete), { key, recordKey });
    expect([invalid.status, invalid.body.reasonCode]).toEqual([400, 'INVALID_VALUE']);
    expect(invalid.body.reasonText).toContain('envelope.queuedAt');

    const withNul = recommendation({ cpr: testCpr(810), courseTitle: 'Truck\u0000certifikat' });
    const nul = await post(jsonForm(withNul), { key, recordKey });
    expect([nul.status, nul.body.reasonCode]).toEqual([400, 'NUL_IN_TEXT']);

    // courseTitle is at most 256 characters: refused as the router refuses it, naming field and limit.
    const longTitle = recommendation({
      cpr: testCpr(812),
      courseTitle: `Truckcertifikat ${'B'.repeat(241)}`,
    });
    const tooLong = await post(jsonForm(longTitle), { key, recordKey });
    expect([tooLong.status, tooLong.body.reasonCode]).toEqual([400, 'TEXT_TOO_LONG']);
    expect(tooLong.body.reasonText).toContain('courseTitle (257 characters, at most 256)');
    expect(tooLong.body.reasonText).not.toContain('Truckcertifikat');

    const badCpr = recommendation({ cpr: '320188-1234' });
    const cpr = await post(jsonForm(badCpr), { key, recordKey });
    expect([cpr.status, cpr.body.reasonCode]).toEqual([400, 'INVALID_CPR']);

    const text = await post('hello', { key, contentType: 'text/plain', recordKey });
    expect([text.status, text.body.reasonCode]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);

    expect(
      await arrivedBefore(recordKey, [
        withNul.envelope.messageId,
        longTitle.envelope.messageId,
        badCpr.envelope.messageId,
      ]),
    ).toEqual([]);
  });

  it('refuses an oversized message or body with 413 TOO_LARGE', async () => {
    const key = keys.get('akasse:3F');
    const recordKey = `large-${randomUUID()}`;
    const maxMessage = Number(ingressEnv.INGRESS_MAX_MESSAGE_BYTES ?? 512 * 1024);
    const maxBody = Number(ingressEnv.INGRESS_MAX_BODY_BYTES ?? 2 * 1024 * 1024);
    // Fits the body limit as JSON, but the message itself is over the router's record limit.
    const large = recommendation({ cpr: testCpr(811), courseTitle: 'x'.repeat(maxMessage + 1) });
    const tooLargeMessage = await post(jsonForm(large), { key, recordKey });
    expect([tooLargeMessage.status, tooLargeMessage.body.reasonCode]).toEqual([413, 'TOO_LARGE']);
    // Over the body limit: refused on its Content-Length, before it is read.
    const tooLargeBody = await post(Buffer.alloc(maxBody + 1, 0x61), {
      key,
      contentType: 'application/vnd.hub.avro',
      recordKey,
    });
    expect([tooLargeBody.status, tooLargeBody.body.reasonCode]).toEqual([413, 'TOO_LARGE']);
    expect(await arrivedBefore(recordKey, [large.envelope.messageId])).toEqual([]);
  });

  it("carries the partner simulator's traffic when it is set to publish through the ingress", async () => {
    // Whatever simulator an earlier suite left running publishes on Kafka: this one must not.
    hubServices.down(['partner-simulator']);
    hubServices.up(['partner-simulator'], { SIMULATOR_PUBLISH_VIA: 'ingress', SIMULATOR_ANSWERS: 'false' });
    const runId = randomUUID();
    const workload = generateWorkload({ seed: 7, count: 12, runId, badShare: 0 });
    const routedIds = workload.messages
      .filter((m) => m.messageId !== null && m.expect.outcome === 'routed')
      .map((m) => m.messageId as string);
    expect(routedIds.length).toBeGreaterThan(0);
    const simulator = (path: string): string => hubServices.url('partner-simulator', path);
    const started = await fetch(simulator('/traffic'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seed: 7, rate: 50, count: 12, runId, badShare: 0 }),
    });
    expect(started.status).toBe(202);
    const run = await eventually('the traffic run to finish', async () => {
      const { run } = (await (await fetch(simulator('/traffic'))).json()) as { run: TrafficRun };
      return run.state === 'finished' || run.state === 'failed' ? run : undefined;
    });
    expect(run).toMatchObject({ state: 'finished', published: 12 });
    const accepted = await eventually('the ingress to log every message it accepted', async () => {
      const log = readFileSync(join(REPO_ROOT, '.stack', PROFILE, 'services', 'ingress.log'), 'utf8');
      return routedIds.every((id) => log.includes(`"messageId":"${id}"`)) ? true : undefined;
    });
    expect(accepted).toBe(true);
    const events = await collect(
      kafka,
      TOPICS.events,
      (m) =>
        routedIds.includes(header(m, HEADERS.messageId) ?? '') &&
        header(m, HEADERS.kind) === 'events.ExchangeRouted',
      (seen) => new Set(seen.map((r) => r.headers[HEADERS.messageId])).size >= routedIds.length,
    );
    expect(new Set(events.map((r) => r.headers[HEADERS.messageId]))).toEqual(new Set(routedIds));
  });

  it('keeps CPR numbers out of its log and documents its API (OpenAPI)', async () => {
    const log = readFileSync(join(REPO_ROOT, '.stack', PROFILE, 'services', 'ingress.log'), 'utf8');
    expect(log).toContain('message accepted');
    expect(log).toContain('message refused');
    for (const n of [801, 802, 804, 805, 806, 807, 808, 809, 810, 811]) {
      expect(log).not.toContain(testCpr(n));
      expect(log).not.toContain(testCpr(n).replace('-', ''));
    }
    const openApi = await new Promise<string>((resolve, reject) => {
      request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/docs/openapi.json',
          ca: readFileSync(join(TLS_DIR, 'ca.crt')),
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        },
      )
        .on('error', reject)
        .end();
    });
    const document = JSON.parse(openApi) as {
      paths: Record<string, { post?: { responses: Record<string, unknown> } }>;
    };
    expect(Object.keys(document.paths['/messages'].post?.responses ?? {}).sort()).toEqual(
      ['202', '400', '401', '403', '413', '415'].sort(),
    );
  });
});
