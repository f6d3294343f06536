import { createHash } from 'node:crypto';

import { Logger } from '@nestjs/common';
import { Client } from 'pg';

import { PARTNER_LOCK_NAMESPACE } from './delivery.constants';

/** Proof that this instance holds a partner, valid while the session that took it lives. */
export interface PartnerLease {
  partner: string;
  session: number;
}

/**
 * Makes sure at most one adapter instance delivers to a given partner at a time; two would break
 * the partner's order. Each partner is a PostgreSQL session-level advisory lock,
 * `pg_try_advisory_lock(727002, <32-bit hash of "kind:id">)`, all taken on one dedicated connection
 * of this instance (its own pg client, outside TypeORM's pool, so a lock can never be left behind on
 * a pooled connection that other code reuses).
 *
 * Why advisory locks rather than a lease row (SELECT ... FOR UPDATE SKIP LOCKED with an expiry): the
 * lock lives exactly as long as the session. If the instance dies or loses its connection, PostgreSQL
 * drops its locks at once and another instance takes the partner over on its next poll; there is no
 * expiry to tune against slow partners, no renewal, and a paused instance cannot find that its lease
 * ran out while a request was in flight. The worker checks its lease (isHeld) before each request, so
 * after a lost session it stops before sending anything more. A hash collision only means two
 * partners share a lock: fewer partners in parallel, never two senders at once.
 * PostgreSQL's advisory locks are re-entrant within a session, so the instance also refuses a lock
 * it already holds itself: a second take would succeed, and its release would leave the lock held.
 */
export class PartnerLocks {
  private readonly log = new Logger(PartnerLocks.name);
  private client: Client | undefined;
  private opening: Promise<Client> | undefined;
  private session = 0;
  /** The lock keys this instance holds on the live session. */
  private readonly held = new Set<number>();

  constructor(
    private readonly databaseUrl: string,
    private readonly applicationName: string,
  ) {}

  /**
   * Takes the partner's lock if no one holds it; undefined when another instance has it, or this
   * one (the partner itself, or one whose key it shares).
   */
  async tryAcquire(partner: string): Promise<PartnerLease | undefined> {
    const client = await this.connected();
    const session = this.session;
    const key = partnerLockKey(partner);
    if (this.held.has(key)) return undefined; // This instance holds it (or a partner sharing its key).
    this.held.add(key);
    try {
      const result = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1, $2) AS locked',
        [PARTNER_LOCK_NAMESPACE, key],
      );
      if (result.rows[0]?.locked && session === this.session) return { partner, session };
    } catch (error) {
      // The server may have granted the lock before the error (a query timeout): the session is in
      // doubt, so it goes, and its locks with it (unless it has gone already).
      this.drop(error, client);
      throw error;
    }
    if (session === this.session) this.held.delete(key);
    return undefined;
  }

  /** Whether the lease still holds: its session is the live one and answers. */
  async isHeld(lease: PartnerLease): Promise<boolean> {
    if (lease.session !== this.session || !this.client) return false;
    try {
      await this.client.query('SELECT 1');
      return lease.session === this.session;
    } catch (error) {
      this.drop(error);
      return false;
    }
  }

  async release(lease: PartnerLease): Promise<void> {
    if (lease.session !== this.session || !this.client) return; // Gone with its session.
    const key = partnerLockKey(lease.partner);
    try {
      await this.client.query('SELECT pg_advisory_unlock($1, $2)', [PARTNER_LOCK_NAMESPACE, key]);
      if (lease.session === this.session) this.held.delete(key);
    } catch (error) {
      this.drop(error);
    }
  }

  /** Ends the session, which releases every lock this instance holds. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.session += 1;
    this.held.clear();
    await client?.end().catch(() => undefined);
  }

  private async connected(): Promise<Client> {
    if (this.client) return this.client;
    this.opening ??= (async () => {
      const client = new Client({
        connectionString: this.databaseUrl,
        application_name: `${this.applicationName}-locks`,
        keepAlive: true,
        connectionTimeoutMillis: 5_000,
        query_timeout: 5_000,
      });
      client.on('error', (error) => this.drop(error, client));
      await client.connect();
      this.session += 1;
      this.held.clear();
      this.client = client;
      return client;
    })();
    try {
      return await this.opening;
    } finally {
      this.opening = undefined;
    }
  }

  /** The session is broken: every lease taken on it is void; the next tryAcquire opens a new one. */
  private drop(error: unknown, which: Client | undefined = this.client): void {
    if (!which || which !== this.client) return;
    this.log.warn({
      msg: 'lost the partner-lock session; its partners are free for any instance',
      error: String(error),
    });
    this.client = undefined;
    this.session += 1;
    this.held.clear();
    void which.end().catch(() => undefined);
  }
}

/** A stable 32-bit key for a partner, the same in every instance. */
export function partnerLockKey(partner: string): number {
  return createHash('sha256').update(partner).digest().readInt32BE(0);
}
