import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Logger } from '@nestjs/common';
import { loadHubCodec } from '@hub/contracts';
import type { HubProducer, OutgoingRecord } from '@hub/kafka';
import { dataSourceOptions, DeliveryQueueRepository, NewDelivery } from '@hub/persistence';
import { DataSource } from 'typeorm';

import { eventually } from '../../../test/support/eventually';
import { stackSettings } from '../../../test/support/local-stack';
import { DeliverySettings, DeliveryWorker } from './delivery-worker.service';
import { PartnerClient } from './partner-client';
import { PartnerDirectory } from './partner-directory';
import { PartnerLocks } from './partner-locks';
import { parseQueueKeys, QueueCipher } from './queue-cipher';
import { IDEMPOTENCY_HEADER } from './signature';

/** A simulated partner system: records what arrives, answers what the test tells it to. */
interface Partner {
  received: string[];
  answer: (deliveryId: string) => number;
  inFlight: number;
  maxInFlight: number;
}

/**
 * Two adapter instances (two workers, two database pools, two lock sessions) drain one queue in the
 * real PostgreSQL: each partner gets its documents in order and one at a time, a partner that is
 * down holds up only itself, and rows of another receiver kind are left alone.
 */
describe(DeliveryWorker.name, () => {
  const codec = loadHubCodec();
  const url = stackSettings().databaseUrl;
  const run = randomUUID().slice(0, 8);
  /** The partner that answers 5xx to one document only (parking). */
  const choking = `choking-${run}`;
  // A kind the hub never delivers to (VITAS only sends), so no running adapter drains these rows.
  const kind = 'vitas';
  const partners = new Map<string, Partner>();
  const published: OutgoingRecord[] = [];
  const producer = { send: async (records: OutgoingRecord[]) => void published.push(...records) };
  let server: Server;
  let endpointTemplate: string;
  const dataSources: DataSource[] = [];
  const cipher = new QueueCipher(parseQueueKeys(`it:${'5a'.repeat(32)}`), 'it');
  const workers: DeliveryWorker[] = [];

  const settings: DeliverySettings = {
    receiverKind: kind,
    pollMs: 50,
    retry: { initialMs: 20, maxMs: 100 },
    circuit: { failureThreshold: 3, coolDownMs: 300 },
    concurrency: 8,
  };

  const partner = (id: string, answer: Partner['answer'] = () => 200): string => {
    partners.set(id, { received: [], answer, inFlight: 0, maxInFlight: 0 });
    return id;
  };

  function delivery(id: string, n: number, receiverKind = kind): NewDelivery {
    const deliveryId = randomUUID();
    return {
      deliveryId,
      partner: `${receiverKind}:${id}`,
      receiverKind,
      receiverId: id,
      messageId: randomUUID(),
      documentType: 'message',
      correlationId: null,
      body: cipher.seal(Buffer.from(JSON.stringify({ deliveryId, n })), deliveryId, 'body'),
      contentKeyId: cipher.currentKeyId,
      sourceTopic: `hub.outbound.${receiverKind}.v1`,
      sourcePartition: 0,
      sourceOffset: String(n),
      sourceKey: Buffer.from(id),
      sourceValue: cipher.seal(Buffer.from(`routed ${n}`), deliveryId, 'source_value'),
      sourceHeaders: {},
    };
  }

  beforeAll(async () => {
    Logger.overrideLogger(false); // The workers' delivery lines; the assertions say what matters.
    server = createServer((request, response) => {
      const id = decodeURIComponent(request.url?.split('/').pop() ?? '');
      const target = partners.get(id);
      const deliveryId = String(request.headers[IDEMPOTENCY_HEADER]);
      request.resume();
      request.on('end', () => {
        if (!target) return void response.writeHead(404).end();
        target.inFlight += 1;
        target.maxInFlight = Math.max(target.maxInFlight, target.inFlight);
        // A little latency, so that a second sender would overlap if there were one.
        setTimeout(() => {
          target.inFlight -= 1;
          const status = target.answer(deliveryId);
          if (status < 300) target.received.push(deliveryId);
          response.writeHead(status, { 'content-type': 'application/json' }).end('{"message":"as told"}');
        }, 5);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpointTemplate = `http://127.0.0.1:${(server.address() as AddressInfo).port}/{kind}/{id}`;
    for (const name of ['a', 'b']) {
      const dataSource = await new DataSource(dataSourceOptions(url, `it-delivery-${name}`)).initialize();
      dataSources.push(dataSource);
      const worker = new DeliveryWorker(
        dataSource,
        producer as unknown as HubProducer,
        codec,
        new PartnerClient(),
        new PartnerDirectory(
          {
            endpointTemplate,
            masterSecret: 'm'.repeat(40),
            timeoutMs: 2_000,
            allowHttpHosts: ['127.0.0.1'],
          },
          // One partner with a low parking limit of its own; the others keep the defaults.
          { [`${kind}:${choking}`]: { parkAfterAttempts: 2 } },
        ),
        new PartnerLocks(url, `it-delivery-${name}`),
        settings,
        cipher,
      );
      workers.push(worker);
    }
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.beforeApplicationShutdown()));
    await Promise.all(dataSources.map((dataSource) => dataSource.destroy()));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('delivers each partner its documents once, in order, one at a time, while another partner is down', async () => {
    let downUntil = Number.POSITIVE_INFINITY;
    const slow = partner(`down-${run}`, () => (Date.now() < downUntil ? 503 : 200));
    const quick = partner(`up-${run}`);
    const other = `elsewhere-${run}`;
    const db = dataSources[0].manager;
    const queued = { [slow]: [] as string[], [quick]: [] as string[] };
    for (let n = 0; n < 30; n += 1) {
      const id = n % 3 === 0 ? slow : quick;
      const entry = delivery(id, n);
      await DeliveryQueueRepository.enqueue(db, entry);
      queued[id].push(entry.deliveryId);
    }
    // Enqueueing again is a no-op.
    expect(
      await DeliveryQueueRepository.enqueue(db, { ...delivery(quick, 99), deliveryId: queued[quick][0] }),
    ).toBe(false);
    const otherKind = delivery(other, 0, 'jobag');
    await DeliveryQueueRepository.enqueue(db, otherKind);

    workers.forEach((worker) => worker.onApplicationBootstrap());

    await eventually('the documents for the partner that is up', async () =>
      partners.get(quick)?.received.length === queued[quick].length ? true : undefined,
    );
    expect(partners.get(quick)?.received).toEqual(queued[quick]);
    expect(partners.get(slow)?.received).toEqual([]);

    downUntil = Date.now() + 500;
    await eventually('the documents for the partner that came back', async () =>
      partners.get(slow)?.received.length === queued[slow].length ? true : undefined,
    );
    expect(partners.get(slow)?.received).toEqual(queued[slow]);
    expect(partners.get(slow)?.maxInFlight).toBe(1);
    expect(partners.get(quick)?.maxInFlight).toBe(1);

    const rows = await dataSources[0].query<{ status: string }[]>(
      'SELECT status FROM delivery_queue WHERE delivery_id = $1',
      [otherKind.deliveryId],
    );
    expect(rows[0].status).toBe('pending');
    await dataSources[0].query('DELETE FROM delivery_queue WHERE delivery_id = $1', [otherKind.deliveryId]);
  });

  it("settles a refusal for good, goes on with the partner's next document, and publishes every outcome once", async () => {
    const refused: string[] = [];
    const picky = partner(`picky-${run}`, (deliveryId) => (refused.includes(deliveryId) ? 422 : 200));
    const entries = [0, 1, 2].map((n) => delivery(picky, n));
    refused.push(entries[1].deliveryId);
    for (const entry of entries) await DeliveryQueueRepository.enqueue(dataSources[1].manager, entry);

    await eventually('the documents the partner accepts', async () =>
      partners.get(picky)?.received.length === 2 ? true : undefined,
    );
    expect(partners.get(picky)?.received).toEqual([entries[0].deliveryId, entries[2].deliveryId]);

    const events = await eventually('the outcome events', async () => {
      const ours = published
        .filter((record) => record.topic === 'hub.internal.events.v1')
        .map((record) => codec.decode(record.value).value as { routingId: string; permanent?: boolean })
        .filter((event) => entries.some((entry) => entry.deliveryId === event.routingId));
      return ours.length === 3 ? ours : undefined;
    });
    expect(events.find((event) => event.routingId === entries[1].deliveryId)).toMatchObject({
      permanent: true,
      httpStatus: 422,
      reason: 'partner refused the document (422): {"message":"as told"}',
    });
    const deadLetters = published.filter(
      (record) => record.topic === 'hub.internal.deadletter.v1' && record.value.toString() === 'routed 1',
    );
    expect(deadLetters).toHaveLength(1);
    const rows = await dataSources[1].query<{ body: Buffer | null; event_published: boolean }[]>(
      'SELECT body, event_published FROM delivery_queue WHERE delivery_id = ANY($1)',
      [entries.map((entry) => entry.deliveryId)],
    );
    expect(rows.every((row) => row.event_published && row.body === null)).toBe(true);
  });
  it("parks a document its partner keeps failing on at the partner's limit, delivers the ones behind it, and queues it again when replayed", async () => {
    let chokesOn = '';
    partner(choking, (deliveryId) => (deliveryId === chokesOn ? 500 : 200));
    const entries = [0, 1, 2].map((n) => delivery(choking, n));
    chokesOn = entries[0].deliveryId;
    const db = dataSources[0].manager;
    for (const entry of entries) await DeliveryQueueRepository.enqueue(db, entry);

    await eventually('the documents behind the one the partner chokes on', async () =>
      partners.get(choking)?.received.length === 2 ? true : undefined,
    );
    expect(partners.get(choking)?.received).toEqual([entries[1].deliveryId, entries[2].deliveryId]);
    const [parked] = await dataSources[0].query<{ status: string; attempts: number; last_error: string }[]>(
      'SELECT status, attempts, last_error FROM delivery_queue WHERE delivery_id = $1',
      [entries[0].deliveryId],
    );
    expect(parked).toMatchObject({ status: 'parked', attempts: 2 });
    expect(parked.last_error).toMatch(
      /^parked after 2 attempts over \d+ (ms|s): reached the partner's limit of 2 attempts; last: the partner answered HTTP 500$/,
    );
    const failed = await eventually('the DeliveryFailed event of the parked document', async () =>
      published
        .filter((record) => record.topic === 'hub.internal.events.v1')
        .map((record) => codec.decode(record.value))
        .find(
          (event) =>
            event.kind === 'events.DeliveryFailed' &&
            (event.value as { routingId: string }).routingId === entries[0].deliveryId,
        ),
    );
    expect(failed.value).toMatchObject({
      permanent: true,
      httpStatus: 500,
      attempts: 2,
      reason: parked.last_error,
    });
    const deadLetter = published.find(
      (record) => record.topic === 'hub.internal.deadletter.v1' && String(record.key) === choking,
    );
    expect(deadLetter?.value.toString()).toBe('routed 0');
    expect(deadLetter?.headers?.['hub-dlq-reason-code']).toBe('DELIVERY_PARKED');

    // The partner fixed its side; an operator replays the dead letter: queued again, once.
    chokesOn = '';
    const replay = {
      ...delivery(choking, 0),
      deliveryId: entries[0].deliveryId,
      replayOf: 'hub.internal.deadletter.v1/0/42',
    };
    replay.body = cipher.seal(
      Buffer.from(JSON.stringify({ deliveryId: replay.deliveryId, n: 0 })),
      replay.deliveryId,
      'body',
    );
    replay.sourceValue = cipher.seal(Buffer.from('routed 0'), replay.deliveryId, 'source_value');
    expect(await DeliveryQueueRepository.enqueue(db, replay)).toBe(true);
    expect(await DeliveryQueueRepository.enqueue(db, replay)).toBe(false);
    await eventually('the replayed document at the partner', async () =>
      partners.get(choking)?.received.length === 3 ? true : undefined,
    );
    expect(partners.get(choking)?.received[2]).toBe(entries[0].deliveryId);
    const [delivered] = await dataSources[0].query<{ status: string; attempts: number; replay_of: string }[]>(
      'SELECT status, attempts, replay_of FROM delivery_queue WHERE delivery_id = $1',
      [entries[0].deliveryId],
    );
    expect(delivered).toEqual({
      status: 'delivered',
      attempts: 1,
      replay_of: 'hub.internal.deadletter.v1/0/42',
    });
  });
});
