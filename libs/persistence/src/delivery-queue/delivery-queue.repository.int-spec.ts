import { randomUUID } from 'node:crypto';

import type { DataSource, QueryRunner } from 'typeorm';

import { scratchSchema, ScratchSchema } from '../../../../test/support/scratch-schema';
import { DeliveryQueueRepository, NewDelivery } from './delivery-queue.repository';

interface QueueRow {
  delivery_id: string;
  seq: string;
  status: string;
  attempts: number;
  http_status: number | null;
  last_error: string | null;
  partner_reference: string | null;
  next_attempt_at: Date;
  first_failed_at: Date | null;
  completed_at: Date | null;
  event_published: boolean;
  body: Buffer | null;
  source_value: Buffer | null;
  replay_of: string | null;
}

/**
 * The adapters' delivery queue on the real PostgreSQL, as the delivery worker and the adapter's
 * Kafka handler use it (libs/partner-delivery): a document is queued once however often its record
 * is handed over, each partner's oldest pending document is its head until it settles, a transient
 * failure keeps it at the head until its next attempt, parking and refusals settle it so the next
 * one moves up, a replayed dead letter queues it again once, and two instances publishing outcomes
 * at the same time never take the same settled row.
 *
 * The spec has a schema of its own (scratch-schema.ts), so whole-kind reads see only its rows.
 */
describe(DeliveryQueueRepository.name, () => {
  const kind = 'jobcenter';
  let schema: ScratchSchema;
  let db: DataSource;
  /** A second adapter instance: its own pool, its own sessions. */
  let other: DataSource;

  function delivery(partnerId: string, n: number, overrides: Partial<NewDelivery> = {}): NewDelivery {
    return {
      deliveryId: randomUUID(),
      partner: `${kind}:${partnerId}`,
      receiverKind: kind,
      receiverId: partnerId,
      messageId: randomUUID(),
      documentType: 'message',
      correlationId: null,
      // The queue stores what it is given; sealing is the caller's (queue-cipher.ts).
      body: Buffer.from(`sealed document ${n}`),
      contentKeyId: 'k1',
      sourceTopic: `hub.outbound.${kind}.v1`,
      sourcePartition: 0,
      sourceOffset: String(n),
      sourceKey: null,
      sourceValue: Buffer.from(`sealed record ${n}`),
      sourceHeaders: { 'hub-kind': Buffer.from('routed').toString('base64') },
      ...overrides,
    };
  }

  /** A partner of this spec's own, with `count` documents queued in order. */
  async function queued(count: number, receiverKind = kind): Promise<{ partner: string; ids: string[] }> {
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    const ids: string[] = [];
    for (let n = 0; n < count; n += 1) {
      const entry = delivery(partnerId, n, { receiverKind, partner: `${receiverKind}:${partnerId}` });
      expect(await DeliveryQueueRepository.enqueue(db.manager, entry)).toBe(true);
      ids.push(entry.deliveryId);
    }
    return { partner: `${receiverKind}:${partnerId}`, ids };
  }

  async function row(deliveryId: string): Promise<QueueRow> {
    const [found] = await db.query<QueueRow[]>('SELECT * FROM delivery_queue WHERE delivery_id = $1', [
      deliveryId,
    ]);
    return found;
  }

  beforeAll(async () => {
    schema = await scratchSchema('delivery_queue');
    db = await schema.connect('it-delivery-queue-a');
    other = await schema.connect('it-delivery-queue-b');
  });

  afterAll(async () => {
    await schema?.drop();
  });

  it('queues a document once: the same delivery handed over again leaves the queued row as it is', async () => {
    const entry = delivery(`p-${randomUUID().slice(0, 8)}`, 1);
    expect(await DeliveryQueueRepository.enqueue(db.manager, entry)).toBe(true);
    const first = await row(entry.deliveryId);
    // The record redelivered after a crash before the Kafka commit, read at another offset.
    const again = { ...entry, sourceOffset: '99', body: Buffer.from('another body') };
    expect(await DeliveryQueueRepository.enqueue(other.manager, again)).toBe(false);

    const [{ n }] = await db.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM delivery_queue WHERE delivery_id = $1',
      [entry.deliveryId],
    );
    expect(n).toBe(1);
    expect(await row(entry.deliveryId)).toEqual(first);
    // Another document about the same message for another partner is its own delivery.
    const forAnother = delivery(`p-${randomUUID().slice(0, 8)}`, 1, { messageId: entry.messageId });
    expect(await DeliveryQueueRepository.enqueue(db.manager, forAnother)).toBe(true);
  });

  it("gives each partner's oldest pending document as its head, one head per partner of the kind", async () => {
    const a = await queued(3);
    const b = await queued(1);
    const ofAnotherKind = await queued(1, 'akasse');

    const heads = await DeliveryQueueRepository.pendingHeads(db.manager, kind, 1_000);
    const partners = heads.map((head) => head.partner);
    expect(partners).toEqual(expect.arrayContaining([a.partner, b.partner]));
    expect(new Set(partners).size).toBe(partners.length);
    expect(partners).not.toContain(ofAnotherKind.partner);
    expect(heads.find((head) => head.partner === a.partner)?.nextAttemptAt).toEqual(
      (await row(a.ids[0])).next_attempt_at,
    );
    expect((await DeliveryQueueRepository.head(db.manager, a.partner))?.deliveryId).toBe(a.ids[0]);

    await DeliveryQueueRepository.markDelivered(db.manager, a.ids[0], 200, 'partner-ref-1');
    expect((await DeliveryQueueRepository.head(db.manager, a.partner))?.deliveryId).toBe(a.ids[1]);
    expect(await row(a.ids[0])).toMatchObject({
      status: 'delivered',
      attempts: 1,
      http_status: 200,
      partner_reference: 'partner-ref-1',
      event_published: false,
    });
    expect((await row(a.ids[0])).completed_at).not.toBeNull();

    const stats = await DeliveryQueueRepository.queueStats(db.manager, kind);
    expect(stats.find((entry) => entry.partner === a.partner)?.depth).toBe(2);
    expect(stats.find((entry) => entry.partner === b.partner)?.depth).toBe(1);
    expect(stats.map((entry) => entry.partner)).not.toContain(ofAnotherKind.partner);
  });

  it('keeps a document that failed transiently at the head until its next attempt, and times the parking limit from the first failure by the partner', async () => {
    const { partner, ids } = await queued(2);
    const later = new Date(Date.now() + 60_000);

    // The hub's own trouble (a key not configured) waits, but does not start the parking clock.
    await DeliveryQueueRepository.markRetry(db.manager, ids[0], null, 'cannot open', later, false);
    expect(await row(ids[0])).toMatchObject({ status: 'pending', attempts: 1, first_failed_at: null });
    expect((await row(ids[0])).next_attempt_at).toEqual(later);

    await DeliveryQueueRepository.markRetry(db.manager, ids[0], 503, 'Service Unavailable', later);
    const firstFailedAt = (await row(ids[0])).first_failed_at;
    expect(firstFailedAt).not.toBeNull();
    await DeliveryQueueRepository.markRetry(db.manager, ids[0], 502, 'Bad Gateway', later);
    expect(await row(ids[0])).toMatchObject({
      status: 'pending',
      attempts: 3,
      http_status: 502,
      last_error: 'Bad Gateway',
      first_failed_at: firstFailedAt,
    });
    // Still the head, and due only then: nothing behind it goes first.
    expect((await DeliveryQueueRepository.head(db.manager, partner))?.deliveryId).toBe(ids[0]);
    const heads = await DeliveryQueueRepository.pendingHeads(db.manager, kind, 1_000);
    expect(heads.find((head) => head.partner === partner)?.nextAttemptAt).toEqual(later);
  });

  it('settles a parked or refused document for good, so the next one becomes the head and a late answer changes nothing', async () => {
    const { partner, ids } = await queued(3);
    await DeliveryQueueRepository.markRetry(db.manager, ids[0], 503, 'down', new Date());
    const firstFailedAt = (await row(ids[0])).first_failed_at;

    await DeliveryQueueRepository.markParked(db.manager, ids[0], 503, 'parked after 2 attempts');
    expect(await row(ids[0])).toMatchObject({
      status: 'parked',
      attempts: 2,
      last_error: 'parked after 2 attempts',
      first_failed_at: firstFailedAt,
    });
    expect((await row(ids[0])).completed_at).not.toBeNull();
    expect((await DeliveryQueueRepository.head(db.manager, partner))?.deliveryId).toBe(ids[1]);

    await DeliveryQueueRepository.markFailed(db.manager, ids[1], 422, 'refused: unknown citizen');
    expect(await row(ids[1])).toMatchObject({ status: 'failed', attempts: 1, http_status: 422 });
    expect((await DeliveryQueueRepository.head(db.manager, partner))?.deliveryId).toBe(ids[2]);

    // Parking counts from a first failure even when the limit is reached on the first attempt.
    await DeliveryQueueRepository.markParked(db.manager, ids[2], null, 'parked');
    expect((await row(ids[2])).first_failed_at).not.toBeNull();

    // A settled row is final: a late or repeated answer does not move it.
    const parked = await row(ids[0]);
    await DeliveryQueueRepository.markDelivered(db.manager, ids[0], 200, null);
    await DeliveryQueueRepository.markRetry(db.manager, ids[0], 503, 'again', new Date());
    await DeliveryQueueRepository.markFailed(db.manager, ids[0], 400, 'again');
    expect(await row(ids[0])).toEqual(parked);
    expect(await DeliveryQueueRepository.head(db.manager, partner)).toBeNull();
  });

  it('queues a refused or parked document again for a replayed dead letter, at the end of its queue, once per replay', async () => {
    const { partner, ids } = await queued(2);
    await DeliveryQueueRepository.markFailed(db.manager, ids[0], 400, 'refused');
    const refused = await row(ids[0]);
    const original = delivery(partner.split(':')[1], 0, { deliveryId: ids[0] });
    const replay = { ...original, replayOf: 'hub.internal.deadletter.v1/0/17' };

    expect(await DeliveryQueueRepository.enqueue(db.manager, replay)).toBe(true);
    const requeued = await row(ids[0]);
    expect(requeued).toMatchObject({
      status: 'pending',
      attempts: 0,
      http_status: null,
      last_error: null,
      completed_at: null,
      first_failed_at: null,
      replay_of: replay.replayOf,
    });
    expect(BigInt(requeued.seq)).toBeGreaterThan(BigInt((await row(ids[1])).seq));
    expect(BigInt(requeued.seq)).toBeGreaterThan(BigInt(refused.seq));
    // Behind the document that was waiting after it.
    expect((await DeliveryQueueRepository.head(db.manager, partner))?.deliveryId).toBe(ids[1]);

    // The same replay handed over again, and a plain redelivery, change nothing.
    expect(await DeliveryQueueRepository.enqueue(db.manager, replay)).toBe(false);
    expect(await DeliveryQueueRepository.enqueue(db.manager, original)).toBe(false);
    expect(await row(ids[0])).toEqual(requeued);

    // Refused again: the same replayed record handed over again (a redelivery) does not queue it a
    // third time; a new replay of its new dead letter does.
    await DeliveryQueueRepository.markFailed(db.manager, ids[0], 400, 'refused again');
    expect(await DeliveryQueueRepository.enqueue(db.manager, replay)).toBe(false);
    expect(await row(ids[0])).toMatchObject({ status: 'failed', last_error: 'refused again' });
    const secondReplay = { ...original, replayOf: 'hub.internal.deadletter.v1/0/19' };
    expect(await DeliveryQueueRepository.enqueue(db.manager, secondReplay)).toBe(true);
    expect(await row(ids[0])).toMatchObject({ status: 'pending', replay_of: secondReplay.replayOf });

    // A delivered document is never queued again, replay or not.
    await DeliveryQueueRepository.markDelivered(db.manager, ids[1], 200, null);
    const delivered = await row(ids[1]);
    const replayOfDelivered = {
      ...delivery(partner.split(':')[1], 1, { deliveryId: ids[1] }),
      replayOf: 'hub.internal.deadletter.v1/0/18',
    };
    expect(await DeliveryQueueRepository.enqueue(db.manager, replayOfDelivered)).toBe(false);
    expect(await row(ids[1])).toEqual(delivered);
  });

  it('hands each settled row whose outcome is not published to one publishing instance at a time', async () => {
    const publishKind = `k-${randomUUID().slice(0, 8)}`;
    const { ids } = await queued(4, publishKind);
    await DeliveryQueueRepository.markDelivered(db.manager, ids[0], 200, null);
    await DeliveryQueueRepository.markFailed(db.manager, ids[1], 400, 'refused');
    await DeliveryQueueRepository.markParked(db.manager, ids[2], 503, 'parked');
    // ids[3] stays pending: it has no outcome to publish.

    const first = await openTransaction(db);
    const second = await openTransaction(other);
    try {
      const claimedFirst = await DeliveryQueueRepository.claimUnpublished(first.manager, publishKind, 2);
      // The second instance does not wait for the first: it skips the rows the first holds.
      const claimedSecond = await DeliveryQueueRepository.claimUnpublished(second.manager, publishKind, 10);
      const firstIds = claimedFirst.map((entry) => entry.deliveryId);
      const secondIds = claimedSecond.map((entry) => entry.deliveryId);
      expect(firstIds).toEqual([ids[0], ids[1]]); // Oldest outcome first.
      expect(secondIds).toEqual([ids[2]]);

      await DeliveryQueueRepository.markPublished(first.manager, firstIds);
      await first.commitTransaction();
      await second.rollbackTransaction(); // Its producer failed: the row is left for the next pass.
    } finally {
      await Promise.all([first.release(), second.release()]);
    }

    expect(await row(ids[0])).toMatchObject({ event_published: true, body: null, source_value: null });
    expect(await row(ids[2])).toMatchObject({ event_published: false });
    expect((await row(ids[2])).body).not.toBeNull();
    const left = await db.transaction((tx) => DeliveryQueueRepository.claimUnpublished(tx, publishKind, 10));
    expect(left.map((entry) => entry.deliveryId)).toEqual([ids[2]]);
  });

  it('seals the rows still in clear once, and counts the rows holding content per key', async () => {
    const sealKind = `k-${randomUUID().slice(0, 8)}`;
    const { ids } = await queued(3, sealKind);
    // Two rows as queued before encryption: content in clear, no key id.
    await db.query('UPDATE delivery_queue SET content_key_id = NULL WHERE delivery_id = ANY($1::uuid[])', [
      ids.slice(0, 2),
    ]);
    await DeliveryQueueRepository.markDelivered(db.manager, ids[2], 200, null);
    await DeliveryQueueRepository.markPublished(db.manager, [ids[2]]); // Content gone: counts for no key.

    const unsealed = await DeliveryQueueRepository.unsealed(db.manager, sealKind, 10);
    expect(unsealed.map((entry) => entry.deliveryId).sort()).toEqual(ids.slice(0, 2).sort());
    expect(await DeliveryQueueRepository.contentKeyIds(db.manager, sealKind)).toEqual(new Map());

    const sealedBody = Buffer.from('sealed with k2');
    await DeliveryQueueRepository.seal(db.manager, ids[0], { body: sealedBody, sourceValue: null }, 'k2');
    // A second worker sealing the same row (with another key) finds it sealed already.
    await DeliveryQueueRepository.seal(
      other.manager,
      ids[0],
      { body: Buffer.from('x'), sourceValue: null },
      'k3',
    );
    expect((await row(ids[0])).body).toEqual(sealedBody);

    expect(
      (await DeliveryQueueRepository.unsealed(db.manager, sealKind, 10)).map((e) => e.deliveryId),
    ).toEqual([ids[1]]);
    expect(await DeliveryQueueRepository.contentKeyIds(db.manager, sealKind)).toEqual(new Map([['k2', 1]]));
  });

  it('purges settled rows whose outcome is published once they are older than the retention, and nothing else', async () => {
    const purgeKind = `k-${randomUUID().slice(0, 8)}`;
    const { ids } = await queued(4, purgeKind);
    await DeliveryQueueRepository.markDelivered(db.manager, ids[0], 200, null);
    await DeliveryQueueRepository.markFailed(db.manager, ids[1], 400, 'refused');
    await DeliveryQueueRepository.markParked(db.manager, ids[2], 503, 'parked');
    await DeliveryQueueRepository.markPublished(db.manager, [ids[0], ids[1]]);
    // ids[0] and ids[2] settled 31 days ago; ids[2]'s outcome is not on Kafka yet; ids[3] is pending.
    await db.query(
      `UPDATE delivery_queue SET completed_at = now() - interval '31 days', enqueued_at = now() - interval '32 days'
        WHERE delivery_id = ANY($1::uuid[])`,
      [[ids[0], ids[2], ids[3]]],
    );

    expect(await DeliveryQueueRepository.purgeSettled(db.manager, purgeKind, 30)).toBe(1);
    expect(await row(ids[0])).toBeUndefined();
    for (const kept of ids.slice(1)) expect(await row(kept)).toBeDefined();
    expect(await DeliveryQueueRepository.purgeSettled(db.manager, purgeKind, 30)).toBe(0);
  });
});

async function openTransaction(dataSource: DataSource): Promise<QueryRunner> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  return runner;
}
