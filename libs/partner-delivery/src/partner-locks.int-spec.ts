import { randomUUID } from 'node:crypto';

import { Logger } from '@nestjs/common';
import { dataSourceOptions, MailOutboxRepository } from '@hub/persistence';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { eventually } from '../../../test/support/eventually';
import { stackSettings } from '../../../test/support/local-stack';
import { partnerLockKey, PartnerLocks } from './partner-locks';

/**
 * The adapters' partner locks on the real PostgreSQL, as the delivery worker uses them
 * (delivery-worker.service.ts: one drain per partner, across instances): one instance at a time
 * holds a partner, the others are refused at once rather than kept waiting, and a partner is free
 * again as soon as its holder releases it, closes, or loses its session, in which case the holder's
 * lease no longer holds. Each instance is its own PartnerLocks (its own session), as in production.
 * Advisory locks are the database's, not a schema's: partner names are unique to the run.
 */
describe(PartnerLocks.name, () => {
  const url = stackSettings().databaseUrl;
  const run = randomUUID().slice(0, 8);
  const opened: PartnerLocks[] = [];
  let admin: Client;

  const instance = (name: string): PartnerLocks => {
    const locks = new PartnerLocks(url, `it-locks-${run}-${name}`);
    opened.push(locks);
    return locks;
  };
  const partner = (name: string): string => `jobcenter:it-${run}-${name}`;

  beforeAll(async () => {
    Logger.overrideLogger(false); // The lost-session warning is what one test provokes.
    admin = new Client({ connectionString: url, application_name: `it-locks-${run}-admin` });
    await admin.connect();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((locks) => locks.close()));
  });

  afterAll(async () => {
    await admin?.end();
  });

  it('lets one instance hold a partner at a time, and another take it once it is released', async () => {
    const [a, b] = [instance('a'), instance('b')];
    const [p, q] = [partner('p1'), partner('q1')];

    const lease = await a.tryAcquire(p);
    expect(lease?.partner).toBe(p);
    expect(await b.tryAcquire(p)).toBeUndefined();
    // Another partner is not held up by it.
    expect(await b.tryAcquire(q)).toBeDefined();
    expect(await a.tryAcquire(q)).toBeUndefined();
    expect(await a.isHeld(lease!)).toBe(true);

    await a.release(lease!);
    const taken = await b.tryAcquire(p);
    expect(taken).toBeDefined();
    expect(await a.tryAcquire(p)).toBeUndefined();
    expect(await b.isHeld(taken!)).toBe(true);
  });

  it('does not give a partner twice within one instance: one release frees it for the others', async () => {
    const [a, b] = [instance('a'), instance('b')];
    const p = partner('p3');
    const lease = await a.tryAcquire(p);
    expect(lease).toBeDefined();
    // PostgreSQL would grant the same session the lock again (advisory locks are re-entrant).
    expect(await a.tryAcquire(p)).toBeUndefined();
    await a.release(lease!);
    expect(await b.tryAcquire(p)).toBeDefined();
  });

  it('gives a partner to exactly one of several instances asking at the same moment', async () => {
    const p = partner('raced');
    const instances = ['a', 'b', 'c', 'd', 'e'].map(instance);
    const leases = await Promise.all(instances.map((locks) => locks.tryAcquire(p)));
    expect(leases.filter((lease) => lease !== undefined)).toHaveLength(1);
  });

  it('frees every partner of an instance that closes, and its leases stop holding', async () => {
    const [a, b] = [instance('a'), instance('b')];
    const [p, q] = [partner('p2'), partner('q2')];
    const leases = [await a.tryAcquire(p), await a.tryAcquire(q)];
    expect(leases.every((lease) => lease !== undefined)).toBe(true);

    await a.close();
    for (const lease of leases) expect(await a.isHeld(lease!)).toBe(false);
    expect(await b.tryAcquire(p)).toBeDefined();
    expect(await b.tryAcquire(q)).toBeDefined();
  });

  it('frees the partners of an instance whose session the server ended, which then knows its lease is void', async () => {
    const [a, b, c] = [instance('a'), instance('b'), instance('c')];
    const p = partner('p3');
    const lease = await a.tryAcquire(p);
    expect(lease).toBeDefined();

    // As a database restart or a network cut ends it.
    const { rows } = await admin.query<{ n: number }>(
      'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1',
      [`it-locks-${run}-a-locks`],
    );
    expect(rows[0].n).toBe(1);
    const taken = await eventually('the partner free for another instance', () => b.tryAcquire(p));

    expect(await a.isHeld(lease!)).toBe(false);
    // Its old lease releases nothing, and a new session of its own does not get the partner back.
    await a.release(lease!);
    expect(await a.tryAcquire(p)).toBeUndefined();
    expect(await c.tryAcquire(p)).toBeUndefined();
    expect(await b.isHeld(taken)).toBe(true);
  });

  it("shares no lock with a mailbox's digest composer, even where their keys hash alike", async () => {
    // A pair whose 32-bit keys are equal (found by hashing 300,000 names of each kind): the
    // partner's sha256 key and PostgreSQL's hashtext of the mailbox. Advisory locks are the whole
    // database's, and the notifier composes digests in the adapters' database.
    const collidingPartner = 'jobcenter:lock-key-4863';
    const collidingMailbox = 'digest-153340@jobcenter.dk';
    const { rows } = await admin.query<{ key: number }>('SELECT hashtext($1) AS key', [collidingMailbox]);
    expect(rows[0].key).toBe(partnerLockKey(collidingPartner));

    const notifier = await new DataSource(dataSourceOptions(url, `it-locks-${run}-notifier`)).initialize();
    const a = instance('a');
    try {
      await notifier.transaction(async (db) => {
        await MailOutboxRepository.lockMailboxForDigest(db, collidingMailbox);
        // A digest being composed does not keep the partner's documents from their delivery.
        const lease = await a.tryAcquire(collidingPartner);
        expect(lease).toBeDefined();
      });
      await notifier.transaction(async (db) => {
        // Nor does a delivery in progress hold the mailbox's digest up (the composer would wait).
        await db.query("SET LOCAL lock_timeout = '5s'");
        await MailOutboxRepository.lockMailboxForDigest(db, collidingMailbox);
      });
    } finally {
      await notifier.destroy();
    }
  });
});
