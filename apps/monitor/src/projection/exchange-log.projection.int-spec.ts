import { randomUUID } from 'node:crypto';

import { Logger } from '@nestjs/common';
import { PermanentError, TransientError } from '@hub/common';
import { HandlerResult } from '@hub/kafka';
import { dataSourceOptions } from '@hub/persistence';
import { Client } from 'pg';
import { AfterQueryEvent, DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';

import {
  AKASSE,
  deadlineDue,
  deadlineOverdue,
  delivered,
  deliveryFailed,
  JOBCENTER,
  notified,
  ProjectedEvent,
  rejected,
  riskAssessment,
  routed,
  UNION,
} from '../../../../bench/projection-events';
import { chunkEntries, projectionOn } from '../../../../bench/projection';
import { eventually } from '../../../../test/support/eventually';
import { stackSettings } from '../../../../test/support/local-stack';
import { workingDaysBetween } from '../testing/monitor-e2e';
import { ExchangeLogProjection } from './exchange-log.projection';

// Far ahead, so a monitor running beside the suite never raises these deadlines itself.
const DUE_ON = '2099-01-02';

/**
 * A small world of linked exchanges, fresh ids every call: a risk notice (T1) that makes a joint risk
 * assessment due and is answered twice by causation id (A1 first, A2 later), a second notice (T2)
 * whose assessment is met by the jobcentre's own message about the same citizen (B2), delivery
 * receipts (two receivers, one failure), a caseworker mail, deadline events and a rejection of an
 * unreadable message. `key` is what the hub keys each event by (its partition), whose order holds.
 */
function world() {
  const citizen1 = `cz_${randomUUID().slice(0, 12)}`;
  const citizen2 = `cz_${randomUUID().slice(0, 12)}`;
  const t1 = routed({
    citizenPseudonym: citizen1,
    receivers: [JOBCENTER, UNION],
    queuedAt: '2025-03-31T10:00:00.000Z',
    expectations: [riskAssessment(DUE_ON)],
  });
  const a1 = routed({
    kind: 'beskedmodul.InquiryAnswer',
    sender: JOBCENTER,
    receivers: [AKASSE],
    causationId: t1.messageId,
    citizenPseudonym: citizen1,
    queuedAt: '2025-04-02T09:00:00.000Z',
  });
  const a2 = routed({
    kind: 'beskedmodul.ThreePartyMeetingRequest',
    sender: JOBCENTER,
    receivers: [AKASSE],
    causationId: t1.messageId,
    citizenPseudonym: citizen1,
    queuedAt: '2025-04-03T09:00:00.000Z',
  });
  const t2 = routed({
    citizenPseudonym: citizen2,
    queuedAt: '2025-04-01T08:00:00.000Z',
    expectations: [riskAssessment(DUE_ON)],
  });
  const b2 = routed({
    kind: 'beskedmodul.EarlyOfferDecision',
    sender: JOBCENTER,
    receivers: [AKASSE],
    citizenPseudonym: citizen2,
    queuedAt: '2025-04-07T12:00:00.000Z',
  });
  const unreadable = rejected({ messageId: null, rejectedAt: '2025-04-01T21:30:00.000Z' });
  const keyed: [string, ProjectedEvent][] = [
    [t1.messageId, { kind: 'events.ExchangeRouted', value: t1 }],
    [t1.messageId, { kind: 'events.DeliverySucceeded', value: delivered(t1, JOBCENTER) }],
    [t1.messageId, { kind: 'events.DeliverySucceeded', value: delivered(t1, UNION, 3) }],
    [t2.messageId, { kind: 'events.ExchangeRouted', value: t2 }],
    [t2.messageId, { kind: 'events.DeliverySucceeded', value: delivered(t2, JOBCENTER) }],
    [t2.messageId, { kind: 'events.DeadlineDue', value: deadlineDue(t2, '2025-04-04T06:00:00.000Z') }],
    [
      t2.messageId,
      { kind: 'events.DeadlineOverdue', value: deadlineOverdue(t2, '2025-04-08T06:00:00.000Z') },
    ],
    [a1.messageId, { kind: 'events.ExchangeRouted', value: a1 }],
    [a1.messageId, { kind: 'events.DeliverySucceeded', value: delivered(a1, AKASSE) }],
    [a2.messageId, { kind: 'events.ExchangeRouted', value: a2 }],
    [a2.messageId, { kind: 'events.DeliveryFailed', value: deliveryFailed(a2, AKASSE) }],
    [b2.messageId, { kind: 'events.ExchangeRouted', value: b2 }],
    [unreadable.eventId, { kind: 'events.ExchangeRejected', value: unreadable }],
    [
      'mail',
      {
        kind: 'events.NotificationSent',
        value: notified([t1.messageId, a1.messageId], '2025-04-02T09:01:00.000Z'),
      },
    ],
  ];
  return {
    t1,
    a1,
    a2,
    t2,
    b2,
    unreadable,
    keyed,
    events: keyed.map(([, event]) => event),
    messageIds: [t1, a1, a2, t2, b2].map((event) => event.messageId).concat(unreadable.eventId),
  };
}
type World = ReturnType<typeof world>;

/** A deterministic generator (mulberry32) for the interleavings. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One way partitions may arrive: each key's events keep their order, the keys interleave at random. */
function interleaving(keyed: readonly [string, ProjectedEvent][], seed: number): ProjectedEvent[] {
  const queues = new Map<string, ProjectedEvent[]>();
  for (const [key, event] of keyed) queues.set(key, [...(queues.get(key) ?? []), event]);
  const next = random(seed);
  const order: ProjectedEvent[] = [];
  while (queues.size > 0) {
    const keys = [...queues.keys()];
    const key = keys[Math.floor(next() * keys.length)];
    const queue = queues.get(key) ?? [];
    order.push(queue.shift() as ProjectedEvent);
    if (queue.length === 0) queues.delete(key);
  }
  return order;
}

const chunksOf = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );

/**
 * The set-based exchange-log projection against the real PostgreSQL: a chunk gives the rows applying
 * its events one by one gave, is idempotent per event id, and gives the same rows whatever the order
 * and chunking; a transient failure leaves nothing behind. Only this run's rows are read or deleted
 * (fresh ids), so suites sharing the database are not disturbed.
 */
describe(ExchangeLogProjection.name, () => {
  const url = stackSettings().databaseUrl;
  const applicationName = `it-projection-${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;
  let db: Client;
  let projection: ExchangeLogProjection;

  const project = (events: readonly ProjectedEvent[]): Promise<readonly HandlerResult[]> =>
    projection.project(chunkEntries(events));

  /** This world's rows in every table the projection writes, without the times the database stamps. */
  async function snapshot(w: World): Promise<Record<string, unknown[]>> {
    const eventIds = w.events.map((event) => event.value.eventId);
    const query = async (sql: string, ids: string[]): Promise<unknown[]> =>
      (await db.query(sql, [ids])).rows.map((row: Record<string, unknown>) => {
        const rest = { ...row };
        delete rest.updated_at;
        delete rest.applied_at;
        return rest;
      });
    return {
      exchange_log: await query(
        'SELECT * FROM exchange_log WHERE message_id = ANY($1::uuid[]) ORDER BY message_id',
        w.messageIds,
      ),
      exchange_expectation: await query(
        'SELECT * FROM exchange_expectation WHERE trigger_message_id = ANY($1::uuid[]) ORDER BY expectation_id',
        w.messageIds,
      ),
      exchange_timeline: await query(
        'SELECT * FROM exchange_timeline WHERE message_id = ANY($1::uuid[]) ORDER BY event_id',
        w.messageIds,
      ),
      applied_event: await query(
        'SELECT * FROM applied_event WHERE event_id = ANY($1::uuid[]) ORDER BY event_id',
        eventIds,
      ),
    };
  }

  /** Empties this world's rows (and only them), as an empty log to replay into. */
  async function forget(w: World): Promise<void> {
    await db.query('DELETE FROM exchange_log WHERE message_id = ANY($1::uuid[])', [w.messageIds]);
    await db.query('DELETE FROM exchange_expectation WHERE trigger_message_id = ANY($1::uuid[])', [
      w.messageIds,
    ]);
    await db.query('DELETE FROM exchange_timeline WHERE message_id = ANY($1::uuid[])', [w.messageIds]);
    await db.query('DELETE FROM applied_event WHERE event_id = ANY($1::uuid[])', [
      w.events.map((event) => event.value.eventId),
    ]);
  }

  const row = async (sql: string, id: string): Promise<Record<string, unknown> | undefined> =>
    (await db.query(sql, [id])).rows[0] as Record<string, unknown> | undefined;

  beforeAll(async () => {
    Logger.overrideLogger(false); // The transient test's warning; the assertions say what matters.
    dataSource = await new DataSource(dataSourceOptions(url, applicationName)).initialize();
    projection = projectionOn(dataSource);
    db = new Client({ connectionString: url, application_name: `${applicationName}-checks` });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await dataSource?.destroy();
  });

  it("logs a rejection on its message's own date with the receivers it names; an unreadable one on the day it was rejected", async () => {
    // Sent on the last day of March, rejected in April: the KPIs must count it in March.
    const readable = rejected({ rejectedAt: '2025-04-01T06:00:00.000Z', exchangeDate: '2025-03-31' });
    const unreadable = rejected({ messageId: null, rejectedAt: '2025-04-01T22:30:00.000Z' });
    const results = await project([
      { kind: 'events.ExchangeRejected', value: readable },
      { kind: 'events.ExchangeRejected', value: unreadable },
    ]);
    expect(results.map((result) => result.outcome)).toEqual(['rejected', 'rejected']);
    const sql =
      'SELECT status, exchange_date::text, receivers, rejected_at FROM exchange_log WHERE message_id = $1';
    expect(await row(sql, readable.messageId as string)).toEqual({
      status: 'rejected',
      exchange_date: '2025-03-31',
      receivers: [JOBCENTER],
      rejected_at: new Date('2025-04-01T06:00:00.000Z'),
    });
    // 22:30 UTC is past midnight in Copenhagen: the Danish rejection day is 2 April.
    expect(await row(sql, unreadable.eventId)).toMatchObject({
      exchange_date: '2025-04-02',
      receivers: [],
    });
    await db.query('DELETE FROM exchange_log WHERE message_id = ANY($1::uuid[])', [
      [readable.messageId, unreadable.eventId],
    ]);
  });

  it('applies a chunk: statuses, timeline, expectations, answers and fulfilment', async () => {
    const w = world();
    const results = await project(w.events);
    expect(results.map((result) => result.outcome)).toEqual([
      'routed',
      'delivered',
      'delivered',
      'routed',
      'delivered',
      'deadline_due_recorded',
      'deadline_overdue_recorded',
      'routed',
      'delivered',
      'routed',
      'delivery_failed',
      'routed',
      'rejected',
      'notification_recorded',
    ]);

    const t1 = await row('SELECT * FROM exchange_log WHERE message_id = $1', w.t1.messageId);
    expect(t1).toMatchObject({
      status: 'delivered',
      answered_by: w.a1.messageId, // The earliest of the two answers.
      answered_kind: 'beskedmodul.InquiryAnswer',
      citizen_pseudonym: w.t1.citizenPseudonym,
      receivers: [JOBCENTER, UNION],
    });
    expect((t1?.delivered_at as Date).toISOString()).toBe(delivered(w.t1, JOBCENTER).deliveredAt);
    expect(
      await row('SELECT status, reason_code FROM exchange_log WHERE message_id = $1', w.a2.messageId),
    ).toEqual({
      status: 'delivery_failed',
      reason_code: 'PARTNER_REFUSED',
    });
    // An unreadable message has no id: its rejection's event id stands in.
    expect(
      await row(
        'SELECT status, verdict, reason_code, exchange_date::text FROM exchange_log WHERE message_id = $1',
        w.unreadable.eventId,
      ),
    ).toEqual({
      status: 'rejected',
      verdict: 'reject',
      reason_code: 'PRICE_MISSING_FOR_COURSE',
      exchange_date: '2025-04-01',
    });

    const e1 = await row('SELECT * FROM exchange_expectation WHERE trigger_message_id = $1', w.t1.messageId);
    expect(e1).toMatchObject({
      fulfilled_by: w.a1.messageId,
      fulfilled_kind: 'beskedmodul.InquiryAnswer',
      response_working_days: workingDaysBetween('2025-03-31', '2025-04-02'),
      due_event_id: null,
    });
    const e2 = await row('SELECT * FROM exchange_expectation WHERE trigger_message_id = $1', w.t2.messageId);
    const [due, overdue] = [w.events[5], w.events[6]];
    expect(e2).toMatchObject({
      fulfilled_by: w.b2.messageId, // Same citizen, from the responsible jobcentre, on its own.
      response_working_days: workingDaysBetween('2025-04-01', '2025-04-07'),
      due_event_id: due.value.eventId,
      overdue_event_id: overdue.value.eventId,
    });

    const steps = await db.query<{ step: string; detail: Record<string, unknown> }>(
      'SELECT step, detail FROM exchange_timeline WHERE message_id = $1 ORDER BY at, step',
      [w.t1.messageId],
    );
    expect(steps.rows.map((step) => step.step)).toEqual([
      'routed',
      'delivered',
      'delivered',
      'answered',
      'notified',
      'answered',
    ]);
    expect(steps.rows[0].detail).toEqual({
      verdict: 'deliver_and_flag',
      receivers: [JOBCENTER, UNION],
      findings: ['RISK_NOTICE_LATE'],
      answers: null,
    });
  });

  it('changes nothing when the chunk comes again, or holds an event twice', async () => {
    const w = world();
    await project(w.events);
    const once = await snapshot(w);

    const again = await project(w.events);
    expect(again.every((result) => result.outcome === 'duplicate')).toBe(true);
    expect(await snapshot(w)).toEqual(once);

    // Into an empty log: every event twice in one chunk gives what each once gave.
    await forget(w);
    const twice = await project([...w.events, ...w.events]);
    expect(twice.slice(w.events.length).every((result) => result.outcome === 'duplicate')).toBe(true);
    expect(twice.slice(0, w.events.length).some((result) => result.outcome === 'duplicate')).toBe(false);
    expect(await snapshot(w)).toEqual(once);
  });

  it('gives the same rows whatever order the partitions arrive in and however they are chunked', async () => {
    const w = world();
    await project(w.events);
    const reference = await snapshot(w);
    for (const [seed, chunkSize] of [
      [1, 1],
      [2, 3],
      [3, 5],
      [4, 100],
      [5, 2],
    ]) {
      await forget(w);
      for (const chunk of chunksOf(interleaving(w.keyed, seed), chunkSize)) await project(chunk);
      expect({ seed, chunkSize, rows: await snapshot(w) }).toEqual({ seed, chunkSize, rows: reference });
    }
  });

  it('links an answer that arrives before the message it answers', async () => {
    const w = world();
    const a1 = w.events.find((event) => event.value.eventId === w.a1.eventId) as ProjectedEvent;
    const t1 = w.events.find((event) => event.value.eventId === w.t1.eventId) as ProjectedEvent;
    await project([a1]);
    expect(
      await row('SELECT answered_by FROM exchange_log WHERE message_id = $1', w.t1.messageId),
    ).toBeUndefined();

    await project([t1]);
    expect(await row('SELECT answered_by FROM exchange_log WHERE message_id = $1', w.t1.messageId)).toEqual({
      answered_by: w.a1.messageId,
    });
    expect(
      await row(
        'SELECT fulfilled_by FROM exchange_expectation WHERE trigger_message_id = $1',
        w.t1.messageId,
      ),
    ).toEqual({ fulfilled_by: w.a1.messageId });
    expect(
      await row(
        `SELECT detail->>'by' AS by FROM exchange_timeline WHERE message_id = $1 AND step = 'answered'`,
        w.t1.messageId,
      ),
    ).toEqual({ by: w.a1.messageId });
  });

  it('leaves nothing half-applied when the database goes away mid-chunk, and applies it all on the retry', async () => {
    const w = world();
    const t1 = w.events[0];
    await project([t1]);
    const before = await snapshot(w);
    const chunk = w.events.filter((event) => event !== t1);

    // Hold the notice's deadline, so the chunk stops at its fulfilment after writing everything else;
    // then end its session, as a database restart does.
    const holder = new Client({ connectionString: url, application_name: `${applicationName}-holder` });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM exchange_expectation WHERE trigger_message_id = $1 FOR UPDATE', [
        w.t1.messageId,
      ]);
      const applying = project(chunk).then(
        () => undefined,
        (error: unknown) => error,
      );
      const blocked = await eventually('the chunk to wait for the held deadline', async () => {
        const waiting = await db.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
          [applicationName],
        );
        return waiting.rows[0]?.pid;
      });
      await db.query('SELECT pg_terminate_backend($1)', [blocked]);
      expect(await applying).toBeInstanceOf(TransientError);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    expect(await snapshot(w)).toEqual(before);
    expect(await row('SELECT status FROM exchange_log WHERE message_id = $1', w.t1.messageId)).toEqual({
      status: 'routed',
    });

    const retried = await project(chunk);
    expect(retried.some((result) => result.outcome === 'duplicate')).toBe(false);
    expect(
      await row('SELECT status, answered_by FROM exchange_log WHERE message_id = $1', w.t1.messageId),
    ).toEqual({
      status: 'delivered',
      answered_by: w.a1.messageId,
    });
  });

  it('takes a session the server ends between two statements of a chunk as a database outage, not as a bad event', async () => {
    const w = world();
    // A data source of its own, paused once the chunk's locks are taken: its session is then idle in
    // the chunk's transaction, as every session is between two statements, when the server ends it
    // (a restart does, pg_terminate_backend does). TypeORM releases the transaction's runner by
    // itself then, and the chunk's next statement fails with "already released".
    const cutName = `${applicationName}-cut`;
    const cutSource = await new DataSource(dataSourceOptions(url, cutName)).initialize();
    let pausedRunner: QueryRunner | undefined;
    let resume: () => void = () => undefined;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    const pauseAfterLocks: EntitySubscriberInterface = {
      afterQuery: async (event: AfterQueryEvent<unknown>): Promise<void> => {
        if (pausedRunner !== undefined || !event.query.includes('pg_advisory_xact_lock')) return;
        pausedRunner = event.queryRunner;
        await resumed;
      },
    };
    cutSource.subscribers.push(pauseAfterLocks);
    try {
      const applying = projectionOn(cutSource)
        .project(chunkEntries(w.events))
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      const runner = await eventually('the chunk to take its locks', async () => pausedRunner);
      await db.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
        cutName,
      ]);
      await eventually('TypeORM to release the runner of the ended session', async () =>
        runner.isReleased ? true : undefined,
      );
      resume();
      const failure = await applying;
      // Retried in place by the consumer loop; a PermanentError would send every event of the chunk
      // to the poison path (a dead letter, and an exchange-log row never written).
      expect(failure).toBeInstanceOf(TransientError);
      expect(failure).not.toBeInstanceOf(PermanentError);
    } finally {
      resume();
      await cutSource.destroy();
    }
    expect(await snapshot(w)).toEqual({
      exchange_log: [],
      exchange_expectation: [],
      exchange_timeline: [],
      applied_event: [],
    });

    const retried = await project(w.events);
    expect(retried.some((result) => result.outcome === 'duplicate')).toBe(false);
    expect(await row('SELECT status FROM exchange_log WHERE message_id = $1', w.t1.messageId)).toEqual({
      status: 'delivered',
    });
  });
});
