import { deterministicUuid } from '@hub/common';
import { TOPICS } from '@hub/contracts';
import type { Kafka } from '@hub/kafka';
import { Client } from 'pg';

import {
  BuiltMessage,
  buildMessage,
  MONITOR_TABLES,
  PartnerPublisher,
  scenarioCpr,
} from '../../apps/monitor/src/testing/monitor-e2e';
import { eventually } from '../support/eventually';
import { testKafka } from '../support/kafka-topics';
import { assertStackUp, hubServices, stackSettings } from '../support/local-stack';

const METAL = { kind: 'akasse', id: 'METAL' } as const;
const NORDDJURS = { kind: 'jobcenter', id: '707' } as const;

/** Columns that say when a row was written, not what it holds. */
const VOLATILE: Record<string, readonly string[]> = {
  exchange_log: ['updated_at'],
  applied_event: ['applied_at'],
  purged_exchange: ['purged_at'],
};
const KEYS: Record<(typeof MONITOR_TABLES)[number], string> = {
  exchange_log: 'message_id',
  applied_event: 'event_id',
  exchange_expectation: 'expectation_id',
  exchange_timeline: 'event_id',
  dead_letter: 'dead_letter_id',
  purged_exchange: 'message_id',
};

type Snapshot = Record<string, string[]>;

async function snapshot(db: Client): Promise<Snapshot> {
  const tables: Snapshot = {};
  for (const table of MONITOR_TABLES) {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT * FROM ${table} ORDER BY ${KEYS[table]}`,
    );
    tables[table] = rows.map((row) => {
      for (const column of VOLATILE[table] ?? []) delete row[column];
      return JSON.stringify(row, (_key, value: unknown) =>
        value instanceof Date ? value.toISOString() : value,
      );
    });
  }
  return tables;
}

/** The rows that differ, for a failure message a person can read. */
function difference(before: Snapshot, after: Snapshot): string[] {
  const problems: string[] = [];
  for (const table of MONITOR_TABLES) {
    const a = new Set(before[table]);
    const b = new Set(after[table]);
    const missing = before[table].filter((row) => !b.has(row));
    const extra = after[table].filter((row) => !a.has(row));
    if (missing.length + extra.length > 0) {
      problems.push(`${table}: ${missing.length} rows lost, ${extra.length} rows new or changed`);
      problems.push(...missing.slice(0, 2).map((row) => `  before: ${row}`));
      problems.push(...extra.slice(0, 2).map((row) => `  after:  ${row}`));
    }
  }
  return problems;
}

/** Whether the monitor has consumed both its topics (a transactional partition ends in a commit marker). */
async function caughtUp(kafka: Kafka): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of [TOPICS.events, TOPICS.deadLetters]) {
      const [committed] = await admin.fetchOffsets({ groupId: 'hub-monitor', topics: [topic] });
      for (const end of await admin.fetchTopicOffsets(topic)) {
        // -1: nothing committed; -2: rewound to the earliest offset and not yet consumed.
        const at = BigInt(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1');
        const from = at < 0n ? BigInt(end.low) : at;
        if (BigInt(end.high) - from > 1n) return false;
      }
    }
    return true;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Issue 7: the exchange log is a projection, idempotent by event id. Replaying every hub event from
 * the beginning into an empty log gives the same rows (links, deadlines, timelines, dead letters
 * included) as the log built while the events came in, and the retention job purges exchanges past
 * their agreement's retention period. The log is first rebuilt from the beginning (another test may
 * have emptied it), then this test's scenario is applied live, then the log is rebuilt again.
 */
describe('monitor: replaying the hub events into an empty log, and retention', () => {
  const stack = stackSettings();
  const db = new Client({ connectionString: stack.databaseUrl });
  const kafka = testKafka();
  const publisher = new PartnerPublisher(kafka);
  const scenario: Record<string, BuiltMessage> = {};
  const settings = {
    SIMULATOR_ANSWERS: 'false',
    MONITOR_DEADLINE_INTERVAL_MS: '1000',
    MONITOR_RETENTION_INTERVAL_MS: '2000',
  };

  /** Stops the monitor, empties its tables, rewinds its consumer group and lets it rebuild the log. */
  async function rebuildFromTheBeginning(): Promise<void> {
    hubServices.down(['monitor']);
    await db.query(`TRUNCATE ${MONITOR_TABLES.join(', ')}`);
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const topic of [TOPICS.events, TOPICS.deadLetters]) {
        await admin.resetOffsets({ groupId: 'hub-monitor', topic, earliest: true });
      }
    } finally {
      await admin.disconnect();
    }
    hubServices.up(['monitor'], settings);
    await eventually(
      'the monitor to replay every event',
      async () => ((await caughtUp(kafka)) ? true : undefined),
      {
        timeoutMs: 240_000,
        intervalMs: 1_000,
      },
    );
  }

  /** A snapshot once two in a row agree (the scheduled jobs have nothing left to do). */
  const settled = (): Promise<Snapshot> =>
    eventually(
      'two equal snapshots in a row',
      async () => {
        const first = await snapshot(db);
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        const second = await snapshot(db);
        return difference(first, second).length === 0 ? second : undefined;
      },
      { timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    assertStackUp();
    await db.connect();
    hubServices.up([], settings);
    // The log must hold every event, not only those since another test emptied it.
    await rebuildFromTheBeginning();
    const cpr = (n: number): string => scenarioCpr(2, n);
    scenario.recommendation = buildMessage({
      kind: 'beskedmodul.EarlyOfferRecommendation',
      sender: METAL,
      receivers: [NORDDJURS],
      queuedAt: '2025-05-05T08:00:00.000Z',
      cpr: cpr(1),
    });
    scenario.decision = buildMessage({
      kind: 'beskedmodul.EarlyOfferDecision',
      sender: NORDDJURS,
      receivers: [METAL],
      queuedAt: '2025-05-07T08:00:00.000Z',
      cpr: cpr(1),
      causationId: scenario.recommendation.messageId,
    });
    // Unanswered: its deadline is long past, so the watch raises events.DeadlineOverdue.
    scenario.inquiry = buildMessage({
      kind: 'beskedmodul.Inquiry',
      sender: METAL,
      receivers: [NORDDJURS],
      queuedAt: '2025-05-06T08:00:00.000Z',
      cpr: cpr(2),
    });
    // Rejected: a course without a price; a dead letter.
    scenario.incomplete = buildMessage({
      kind: 'beskedmodul.EarlyOfferRecommendation',
      sender: METAL,
      receivers: [NORDDJURS],
      queuedAt: '2025-05-06T09:00:00.000Z',
      cpr: cpr(3),
      changes: { price: null },
    });
    // 2023: no agreement was in force; past the default retention (12 months), so purged.
    scenario.old = buildMessage({
      kind: 'beskedmodul.EarlyOfferRecommendation',
      sender: METAL,
      receivers: [NORDDJURS],
      queuedAt: '2023-05-08T08:00:00.000Z',
      cpr: cpr(4),
    });
    await publisher.publish(Object.values(scenario));
  }, 420_000);

  afterAll(async () => {
    await publisher.close();
    await db.end();
    hubServices.down();
  }, 60_000);

  it('purges an exchange past its retention period and keeps the ones within it', async () => {
    const oldEvent = deterministicUuid('ExchangeRouted', scenario.old.messageId);
    await eventually(
      'the 2023 exchange applied and then purged',
      async () => {
        const applied = await db.query('SELECT 1 FROM applied_event WHERE event_id = $1', [oldEvent]);
        const row = await db.query('SELECT 1 FROM exchange_log WHERE message_id = $1', [
          scenario.old.messageId,
        ]);
        return applied.rowCount === 1 && row.rowCount === 0 ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const within = [scenario.recommendation, scenario.decision, scenario.inquiry].map((m) => m.messageId);
    await eventually('the 2025 exchanges in the log', async () => {
      const kept = await db.query('SELECT 1 FROM exchange_log WHERE message_id = ANY($1::uuid[])', [within]);
      return kept.rowCount === within.length ? true : undefined;
    });
  });

  it('gives the same rows when every hub event is replayed from the beginning into an empty log', async () => {
    // Settled: the scenario applied, the inquiry's deadline reported overdue, nothing left to purge.
    await eventually(
      'the log to settle',
      async () => {
        const { rows } = await db.query<{ linked: boolean; overdue: boolean; dead: boolean }>(
          `SELECT
             EXISTS (SELECT 1 FROM exchange_log WHERE message_id = $1 AND answered_by = $2) AS linked,
             EXISTS (SELECT 1 FROM exchange_expectation WHERE trigger_message_id = $3 AND overdue_event_id IS NOT NULL) AS overdue,
             EXISTS (SELECT 1 FROM dead_letter WHERE message_id = $4) AS dead`,
          [
            scenario.recommendation.messageId,
            scenario.decision.messageId,
            scenario.inquiry.messageId,
            scenario.incomplete.messageId,
          ],
        );
        return rows[0].linked && rows[0].overdue && rows[0].dead ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const before = await settled();
    expect(before.exchange_log.length).toBeGreaterThan(0);

    await rebuildFromTheBeginning();

    let last: string[] = [];
    await eventually(
      'the replayed log to equal the original',
      async () => {
        last = difference(before, await snapshot(db));
        return last.length === 0 ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 2_000 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${last.join('\n')}`);
    });
  }, 480_000);
});
