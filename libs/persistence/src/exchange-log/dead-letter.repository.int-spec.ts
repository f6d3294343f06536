import { randomUUID } from 'node:crypto';

import { DataSource, EntityManager } from 'typeorm';

import { stackSettings } from '../../../../test/support/local-stack';
import { dataSourceOptions } from '../data-source';
import { DeadLetterRepository, DeadLetterRow } from './dead-letter.repository';

/**
 * The dead letters' reasons against the real PostgreSQL, as the operator and a partner list them:
 * each dead letter recorded once however often it is handed over, newest first, a partner's own
 * only, and gone after the retention period. Fresh ids and a sender of this run's own, so a shared
 * database is neither read nor disturbed.
 */
describe(DeadLetterRepository.name, () => {
  const url = stackSettings().databaseUrl;
  let dataSource: DataSource;
  let db: EntityManager;
  const written: string[] = [];

  beforeAll(async () => {
    dataSource = await new DataSource(
      dataSourceOptions(url, `it-dead-letter-${randomUUID().slice(0, 8)}`),
    ).initialize();
    db = dataSource.manager;
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) {
      await db.query('DELETE FROM dead_letter WHERE dead_letter_id = ANY($1::text[])', [written]);
      await dataSource.destroy();
    }
  });

  /** A dead letter from `slug`'s inbound topic, at a place on the dead-letter topic no other run uses. */
  function deadLetter(slug: string, reasonCode: string, rejectedAt: string): DeadLetterRow {
    const row: DeadLetterRow = {
      dead_letter_id: `${Math.floor(Math.random() * 1_000)}/${randomUUID()}`,
      source_topic: `hub.inbound.${slug}.v1`,
      source_partition: 0,
      source_offset: String(Math.floor(Math.random() * 1_000_000)),
      sender_slug: slug,
      kind: 'beskedmodul.EarlyOfferRecommendation',
      message_id: randomUUID(),
      correlation_id: null,
      reason_code: reasonCode,
      reason_text: 'cpr [REDACTED] is missing a field',
      rejected_at: rejectedAt,
    };
    written.push(row.dead_letter_id);
    return row;
  }

  it('records each dead letter once, however often it is handed over', async () => {
    const slug = `akasse-it-${randomUUID().slice(0, 8)}`;
    const first = deadLetter(slug, 'RECOMMENDATION_INCOMPLETE', '2025-04-01T08:00:00.000Z');
    const second = deadLetter(slug, 'SCHEMA_INVALID', '2025-04-01T09:00:00.000Z');

    expect(await DeadLetterRepository.record(db, [first, second])).toEqual(
      new Set([first.dead_letter_id, second.dead_letter_id]),
    );
    // Redelivered: nothing new, nothing changed.
    expect(await DeadLetterRepository.record(db, [{ ...first, reason_text: 'another text' }])).toEqual(
      new Set(),
    );

    const listed = await DeadLetterRepository.list(db, { senderSlug: slug, limit: 10 });
    expect(listed).toEqual([
      { ...second, rejected_at: new Date(second.rejected_at) },
      { ...first, rejected_at: new Date(first.rejected_at) },
    ]);
    expect(
      (
        await DeadLetterRepository.list(db, { senderSlug: slug, reasonCode: 'SCHEMA_INVALID', limit: 10 })
      ).map((row) => row.dead_letter_id),
    ).toEqual([second.dead_letter_id]);
    expect(await DeadLetterRepository.list(db, { senderSlug: slug, limit: 1 })).toHaveLength(1);
  });

  it("lists a partner's own dead letters only", async () => {
    const own = `akasse-it-${randomUUID().slice(0, 8)}`;
    const other = `akasse-it-${randomUUID().slice(0, 8)}`;
    const mine = deadLetter(own, 'SCHEMA_INVALID', '2025-04-02T08:00:00.000Z');
    await DeadLetterRepository.record(db, [
      mine,
      deadLetter(other, 'SCHEMA_INVALID', '2025-04-02T08:00:00.000Z'),
    ]);

    expect(
      (await DeadLetterRepository.list(db, { senderSlug: own, limit: 10 })).map((row) => row.dead_letter_id),
    ).toEqual([mine.dead_letter_id]);
  });

  it('forgets the reasons set aside before the cutoff day (a Danish day), and keeps the rest', async () => {
    const slug = `akasse-it-${randomUUID().slice(0, 8)}`;
    // Copenhagen is an hour ahead of UTC in winter: 22:30 UTC on 31 December is still that day there,
    // 23:30 UTC already 1 January 2002, the cutoff day - kept, though its UTC date is the 31st.
    const gone = deadLetter(slug, 'SCHEMA_INVALID', '2001-12-31T22:30:00.000Z');
    const kept = deadLetter(slug, 'SCHEMA_INVALID', '2001-12-31T23:30:00.000Z');
    await DeadLetterRepository.record(db, [gone, kept]);

    await DeadLetterRepository.purgeBefore(db, '2002-01-01');

    expect(
      (await DeadLetterRepository.list(db, { senderSlug: slug, limit: 10 })).map((row) => row.dead_letter_id),
    ).toEqual([kept.dead_letter_id]);
  });
});
