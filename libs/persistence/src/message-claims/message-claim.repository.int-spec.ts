import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';

import { scratchSchema, ScratchSchema } from '../../../../test/support/scratch-schema';
import { Claim, MessageClaimRepository } from './message-claim.repository';

/**
 * The router's deduplication store on the real PostgreSQL, as its MessageClaimGuard and
 * ClaimRetention use it (apps/router/src/dedup): the first position to claim a message id keeps
 * it, a claim of the same id from any other position is refused (also when two routers claim at
 * the same moment), the same position claiming again (a redelivery after a crash) is not, and claims
 * past the deduplication window are forgotten. The spec has a schema of its own (scratch-schema.ts),
 * so a purge counts only its claims.
 */
describe(MessageClaimRepository.name, () => {
  let schema: ScratchSchema;
  let db: DataSource;
  /** A second router instance: its own pool, its own sessions. */
  let other: DataSource;
  let claims: MessageClaimRepository;
  let otherClaims: MessageClaimRepository;

  const at = (messageId: string, topic: string, offset: number | string, partition = 0): Claim => ({
    messageId,
    topic,
    partition,
    offset: String(offset),
  });
  const inbound = 'hub.inbound.beskedmodul.akasse-3f.v1';

  beforeAll(async () => {
    schema = await scratchSchema('message_claim');
    db = await schema.connect('it-message-claims-a');
    other = await schema.connect('it-message-claims-b');
    claims = new MessageClaimRepository(db);
    otherClaims = new MessageClaimRepository(other);
  });

  afterAll(async () => {
    await schema?.drop();
  });

  it('refuses a second claim of a message id from another position, and not a redelivery from the same one', async () => {
    const routed = randomUUID();
    const fresh = randomUUID();
    expect(await claims.claim([at(routed, inbound, 41)])).toEqual(new Set());

    // A copy published again (another offset, another partition, another channel's topic).
    const copies = [
      at(routed, inbound, 42),
      at(routed, inbound, 41, 1),
      at(routed, 'hub.inbound.api.akasse-3f.v1', 41),
    ];
    for (const copy of copies)
      expect(await otherClaims.claim([copy, at(fresh, inbound, 43)])).toEqual(new Set([routed]));
    // The record read again after a crash before the Kafka commit (offsets compare as numbers).
    expect(await otherClaims.claim([at(routed, inbound, '041')])).toEqual(new Set());

    expect(await claims.existing([routed, fresh, randomUUID()])).toEqual(
      new Map([
        [routed, { topic: inbound, partition: 0, offset: '41' }],
        [fresh, { topic: inbound, partition: 0, offset: '43' }],
      ]),
    );
    expect(await claims.existing([])).toEqual(new Map());
    expect(await claims.claim([])).toEqual(new Set());
  });

  it('lets exactly one of two routers claiming the same ids at the same moment have each id', async () => {
    const ids = Array.from({ length: 200 }, () => randomUUID());
    const [lostByFirst, lostBySecond] = await Promise.all([
      claims.claim(ids.map((id, n) => at(id, inbound, n))),
      otherClaims.claim(ids.map((id, n) => at(id, 'hub.inbound.api.akasse-3f.v1', n))),
    ]);
    for (const id of ids) expect([lostByFirst.has(id), lostBySecond.has(id)].filter(Boolean)).toHaveLength(1);

    const holders = await claims.existing(ids);
    expect(holders.size).toBe(ids.length);
    for (const id of ids) {
      const winner = lostByFirst.has(id) ? 'hub.inbound.api.akasse-3f.v1' : inbound;
      expect(holders.get(id)?.topic).toBe(winner);
    }
  });

  it('forgets the claims older than the window, says how many, and keeps the rest', async () => {
    const old = [randomUUID(), randomUUID(), randomUUID()];
    const recent = randomUUID();
    await claims.claim([...old, recent].map((id, n) => at(id, inbound, 1_000 + n)));
    await db.query(
      `UPDATE message_claim SET claimed_at = now() - interval '31 days' WHERE message_id = ANY($1::uuid[])`,
      [old],
    );

    expect(await claims.purgeOlderThan(30)).toBe(old.length);
    expect([...(await claims.existing([...old, recent])).keys()]).toEqual([recent]);
    expect(await claims.purgeOlderThan(30)).toBe(0);
    // A forgotten id is routed again by whoever claims it next.
    expect(await otherClaims.claim([at(old[0], inbound, 2_000)])).toEqual(new Set());
  });
});
