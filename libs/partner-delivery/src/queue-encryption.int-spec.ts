import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Logger } from '@nestjs/common';
import { loadHubCodec, PartyRef } from '@hub/contracts';
import type { ConsumedRecord, HubProducer } from '@hub/kafka';
import { dataSourceOptions, DeliveryQueueRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';

import { eventually } from '../../../test/support/eventually';
import { stackSettings } from '../../../test/support/local-stack';
import { DeliveryWorker } from './delivery-worker.service';
import { PartnerClient } from './partner-client';
import { PartnerDirectory } from './partner-directory';
import { HUB_PARTY, PartnerDocument, queuedDelivery } from './partner-document';
import { PartnerLocks } from './partner-locks';
import { parseQueueKeys, QueueCipher } from './queue-cipher';
import { IDEMPOTENCY_HEADER } from './signature';

/**
 * Issue 16, item 5, against the real PostgreSQL: what waits in delivery_queue is sealed (AES-256-GCM)
 * under a key from the configuration, so the table holds neither the CPR number nor the document in
 * clear; the worker opens it to deliver. After a key rotation (a new key seals, the old one is kept
 * for opening) a document sealed under the old key is still delivered, and so is one queued in clear
 * before the migration (sealed by the worker at start-up first).
 */
describe('pending documents encrypted at rest', () => {
  const codec = loadHubCodec();
  const url = stackSettings().databaseUrl;
  const run = randomUUID().slice(0, 8);
  // A kind the hub never delivers to (VITAS only sends), so no running adapter drains these rows.
  const kind = 'vitas';
  const cpr = '230795-0000';
  const oldKey = `old:${'11'.repeat(32)}`;
  const newKey = `new:${'22'.repeat(32)}`;
  const beforeRotation = new QueueCipher(parseQueueKeys(oldKey), 'old');
  const afterRotation = new QueueCipher(parseQueueKeys(`${newKey},${oldKey}`), 'new');
  const received = new Map<string, string>();
  let server: Server;
  let dataSource: DataSource;
  let worker: DeliveryWorker | undefined;

  /** A document about a citizen, as the Kafka handler builds it, for partner `id`. */
  function document(id: string): PartnerDocument {
    const receiver = { kind, id } as unknown as PartyRef;
    return {
      documentType: 'message',
      deliveryId: randomUUID(),
      messageId: randomUUID(),
      kind: 'vitas.PlacementGranted',
      sender: HUB_PARTY,
      receiver,
      agreement: { id: null, clause: null },
      findings: [],
      message: { citizen: { cpr }, note: 'the caseworker needs the CPR number' },
    };
  }

  function record(offset: number): ConsumedRecord {
    const value = Buffer.from(`routed record about ${cpr}`);
    return {
      topic: `hub.outbound.${kind}.v1`,
      partition: 0,
      offset: String(offset),
      key: Buffer.from('pseudonym'),
      value,
      headers: {},
      timestamp: 0,
      rawHeaders: {},
    };
  }

  async function rawRow(deliveryId: string) {
    const rows = await dataSource.query<
      { body: Buffer | null; source_value: Buffer | null; content_key_id: string | null; status: string }[]
    >(`SELECT body, source_value, content_key_id, status FROM delivery_queue WHERE delivery_id = $1`, [
      deliveryId,
    ]);
    return rows[0];
  }

  /** The row's stored bytes as text, as anyone reading the table (or a dump) would see them. */
  const asText = (bytes: Buffer | null): string => (bytes ?? Buffer.alloc(0)).toString('latin1');

  beforeAll(async () => {
    Logger.overrideLogger(false);
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.set(String(request.headers[IDEMPOTENCY_HEADER]), Buffer.concat(chunks).toString('utf8'));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"reference":"R"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dataSource = await new DataSource(dataSourceOptions(url, 'it-queue-encryption')).initialize();
  });

  afterAll(async () => {
    await worker?.beforeApplicationShutdown();
    await dataSource.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function startWorker(cipher: QueueCipher): DeliveryWorker {
    const port = (server.address() as AddressInfo).port;
    const started = new DeliveryWorker(
      dataSource,
      { send: async () => undefined } as unknown as HubProducer,
      codec,
      new PartnerClient(),
      new PartnerDirectory({
        endpointTemplate: `http://127.0.0.1:${port}/{kind}/{id}`,
        masterSecret: 'm'.repeat(40),
        timeoutMs: 2_000,
        allowHttpHosts: ['127.0.0.1'],
      }),
      new PartnerLocks(url, 'it-queue-encryption'),
      {
        receiverKind: kind,
        pollMs: 50,
        retry: { initialMs: 20, maxMs: 100 },
        circuit: { failureThreshold: 3, coolDownMs: 300 },
        concurrency: 4,
      },
      cipher,
    );
    started.onApplicationBootstrap();
    return started;
  }

  it('keeps no CPR number and no document in clear in the table, and delivers after a rotation', async () => {
    const db = dataSource.manager;
    // Queued before the rotation, sealed with the old key.
    const early = document(`partner-${run}`);
    await DeliveryQueueRepository.enqueue(db, queuedDelivery(early, record(1), beforeRotation));
    // Queued after it, sealed with the new key.
    const late = document(`partner-${run}`);
    await DeliveryQueueRepository.enqueue(db, queuedDelivery(late, record(2), afterRotation));
    // Queued in clear before encryption existed (as the migration leaves such a row).
    const legacy = document(`legacy-${run}`);
    const plain = queuedDelivery(legacy, record(3), afterRotation);
    await DeliveryQueueRepository.enqueue(db, plain);
    await dataSource.query(
      `UPDATE delivery_queue SET body = $2, source_value = $3, content_key_id = NULL WHERE delivery_id = $1`,
      [legacy.deliveryId, Buffer.from(JSON.stringify(legacy)), record(3).value],
    );

    for (const [sealed, keyId] of [
      [early, 'old'],
      [late, 'new'],
    ] as const) {
      const row = await rawRow(sealed.deliveryId);
      expect(row.content_key_id).toBe(keyId);
      for (const bytes of [row.body, row.source_value]) {
        expect(asText(bytes)).not.toContain(cpr);
        expect(asText(bytes)).not.toContain('230795');
        expect(asText(bytes)).not.toContain('citizen');
        expect(asText(bytes)).not.toContain(sealed.deliveryId);
      }
    }

    worker = startWorker(afterRotation);
    await eventually('all three documents at their partners', async () =>
      [early, late, legacy].every((doc) => received.has(doc.deliveryId)) ? true : undefined,
    );
    // Each partner got the document in clear, the old-key one included, in queue order.
    for (const doc of [early, late, legacy]) {
      expect(JSON.parse(received.get(doc.deliveryId) ?? '{}')).toEqual(JSON.parse(JSON.stringify(doc)));
    }
    expect([...received.keys()].filter((id) => id === early.deliveryId || id === late.deliveryId)).toEqual([
      early.deliveryId,
      late.deliveryId,
    ]);
    // The row kept in clear was sealed with the current key before it was delivered.
    const legacyRow = await rawRow(legacy.deliveryId);
    expect(legacyRow.status).toBe('delivered');
    expect(legacyRow.content_key_id).toBe('new');
    if (legacyRow.body !== null) expect(asText(legacyRow.body)).not.toContain(cpr);
  });

  it('keeps a document sealed with a key no longer configured waiting, with the reason, instead of losing it', async () => {
    const orphan = document(`orphan-${run}`);
    const removedKey = new QueueCipher(parseQueueKeys(`gone:${'33'.repeat(32)}`), 'gone');
    await DeliveryQueueRepository.enqueue(dataSource.manager, queuedDelivery(orphan, record(4), removedKey));
    const row = await eventually('the document to have been tried', async () => {
      const rows = await dataSource.query<{ status: string; last_error: string | null }[]>(
        'SELECT status, last_error FROM delivery_queue WHERE delivery_id = $1',
        [orphan.deliveryId],
      );
      return rows[0]?.last_error ? rows[0] : undefined;
    });
    expect(row.status).toBe('pending');
    expect(row.last_error).toContain('key gone is not configured');
    expect(received.has(orphan.deliveryId)).toBe(false);
    await dataSource.query('DELETE FROM delivery_queue WHERE delivery_id = $1', [orphan.deliveryId]);
  });
});
