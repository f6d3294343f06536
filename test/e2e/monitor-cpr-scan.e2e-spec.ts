import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Client } from 'pg';

import type { ExchangeDetailDto } from '../../apps/monitor/src/api/api.dto';
import {
  BuiltMessage,
  buildMessage,
  monitorApi,
  PartnerPublisher,
  scenarioCpr,
} from '../../apps/monitor/src/testing/monitor-e2e';
import { eventually } from '../support/eventually';
import { testKafka } from '../support/kafka-topics';
import { assertStackUp, hubServices, PROFILE, REPO_ROOT, stackSettings } from '../support/local-stack';

const AKASSE_3F = { kind: 'akasse', id: '3F' } as const;
const NORDDJURS = { kind: 'jobcenter', id: '707' } as const;
const SERVICES_WITH_METRICS = ['router', 'jobcenter-adapter', 'akasse-adapter', 'notifier', 'monitor'];

/** Every label value in a Prometheus text exposition. */
function labelValues(exposition: string): string[] {
  const values: string[] = [];
  for (const line of exposition.split('\n')) {
    if (line.startsWith('#')) continue;
    for (const match of line.matchAll(/[a-zA-Z_]+="((?:[^"\\]|\\.)*)"/g)) values.push(match[1]);
  }
  return values;
}

/**
 * Issue 7 and the hub's guarantee "no CPR in clear in logs, e-mails, metrics or the exchange log":
 * after a scenario through every service (routed, answered, rejected, deadlines, mails), no table in
 * the database, no line of any service's log and no metric label of any service holds one of the CPR
 * numbers used (with or without the dash), and no metric label holds a citizen's pseudonym.
 * Also: every service serves its Prometheus metrics, counting the scenario per kind and outcome.
 */
describe('monitor: no CPR number in any table, log line or metric label; metrics on every service', () => {
  const stack = stackSettings();
  const db = new Client({ connectionString: stack.databaseUrl });
  const kafka = testKafka();
  const publisher = new PartnerPublisher(kafka);
  const cprs = [1, 2, 3, 4].map((n) => scenarioCpr(5, n));
  const forms = cprs.flatMap((cpr) => [cpr, cpr.replace('-', '')]);
  let messages: BuiltMessage[];
  const pseudonyms: string[] = [];

  beforeAll(async () => {
    assertStackUp();
    await db.connect();
    // The simulated partners answer, so decisions and answers travel too.
    hubServices.up([], { MONITOR_DEADLINE_INTERVAL_MS: '1000', SIMULATOR_DECISION_DELAY_MS: '500' });
    messages = [
      buildMessage({
        kind: 'beskedmodul.EarlyOfferRecommendation',
        sender: AKASSE_3F,
        receivers: [NORDDJURS],
        queuedAt: '2025-10-06T08:00:00.000Z',
        cpr: cprs[0],
      }),
      buildMessage({
        kind: 'beskedmodul.Inquiry',
        sender: AKASSE_3F,
        receivers: [NORDDJURS],
        queuedAt: '2025-10-06T09:00:00.000Z',
        cpr: cprs[1],
      }),
      buildMessage({
        kind: 'beskedmodul.EarlyOfferRecommendation',
        sender: AKASSE_3F,
        receivers: [NORDDJURS],
        queuedAt: '2025-10-06T10:00:00.000Z',
        cpr: cprs[2],
        changes: { price: null },
      }),
      buildMessage({
        kind: 'beskedmodul.LongTermUnemploymentRiskNotice',
        sender: AKASSE_3F,
        receivers: [NORDDJURS],
        queuedAt: '2025-10-07T08:00:00.000Z',
        cpr: cprs[3],
      }),
    ];
    await publisher.publish(messages);
    const api = monitorApi(hubServices.url('monitor', ''), hubServices.env('monitor').MONITOR_ADMIN_API_KEY);
    for (const message of messages) {
      const row = await eventually(`${message.kind} ${message.messageId} settled in the log`, async () => {
        const { status, body } = await api.get<ExchangeDetailDto>(`/api/exchanges/${message.messageId}`);
        return status === 200 && body.status !== 'routed' ? body : undefined;
      });
      if (row.citizenPseudonym) pseudonyms.push(row.citizenPseudonym);
    }
    // The deliveries' queue keeps a document (CPR included, by law) only until its outcome is published.
    await eventually('the delivery queues settled', async () => {
      const queue = await db.query<{ exists: boolean }>(
        "SELECT to_regclass('delivery_queue') IS NOT NULL AS exists",
      );
      if (!queue.rows[0].exists) return true;
      const pending = await db.query("SELECT 1 FROM delivery_queue WHERE status = 'pending'");
      return pending.rowCount === 0 ? true : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // Answers, mails, deadline events.
  }, 240_000);

  afterAll(async () => {
    await publisher.close();
    await db.end();
    hubServices.down();
  }, 60_000);

  it('finds none of the CPR numbers in any column of any table', async () => {
    const { rows: columns } = await db.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
    const tables = new Map<string, string[]>();
    for (const column of columns) {
      const expression =
        column.data_type === 'bytea'
          ? `encode("${column.column_name}", 'escape')`
          : `"${column.column_name}"::text`;
      tables.set(column.table_name, [...(tables.get(column.table_name) ?? []), expression]);
    }
    expect([...tables.keys()]).toEqual(
      expect.arrayContaining(['exchange_log', 'exchange_expectation', 'mail_outbox']),
    );
    const found: string[] = [];
    for (const [table, expressions] of tables) {
      const { rows } = await db.query<{ text: string | null }>(
        `SELECT concat_ws(' | ', ${expressions.join(', ')}) AS text FROM "${table}"`,
      );
      for (const row of rows) {
        for (const form of forms) if (row.text?.includes(form)) found.push(`${table}: ${form}`);
      }
    }
    expect(found).toEqual([]);
    // The scan did see the scenario: its exchanges are there, under a pseudonym.
    expect(pseudonyms.length).toBe(messages.length);
  });

  it("finds none of them in any line of any service's log", () => {
    const dir = join(REPO_ROOT, '.stack', PROFILE, 'services');
    const found: string[] = [];
    let lines = 0;
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.log'))) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
        lines += 1;
        for (const form of forms) if (line.includes(form)) found.push(`${file}: ${line.slice(0, 300)}`);
      }
    }
    expect(lines).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });

  it('serves metrics on every service, and no label holds a CPR number or a pseudonym', async () => {
    const found: string[] = [];
    const expositions = new Map<string, string>();
    for (const service of SERVICES_WITH_METRICS) {
      const response = await fetch(hubServices.url(service, '/metrics'));
      expect([service, response.status]).toEqual([service, 200]);
      const text = await response.text();
      expositions.set(service, text);
      for (const value of labelValues(text)) {
        for (const secret of [...forms, ...pseudonyms])
          if (value.includes(secret)) found.push(`${service}: ${value}`);
      }
      expect([service, text]).toEqual([
        service,
        expect.stringContaining('hub_message_processing_seconds_bucket'),
      ]);
      expect([service, text]).toEqual([
        service,
        expect.stringContaining('hub_consumer_state{state="running"'),
      ]);
    }
    expect(found).toEqual([]);
    expect(expositions.get('router')).toMatch(
      /hub_messages_rejected_total\{kind="beskedmodul.EarlyOfferRecommendation",reason="RECOMMENDATION_INCOMPLETE",service="router"\} [1-9]/,
    );
    expect(expositions.get('router')).toMatch(
      /hub_messages_consumed_total\{kind="beskedmodul.Inquiry",outcome="routed[^"]*",service="router"\} [1-9]/,
    );
    expect(expositions.get('monitor')).toMatch(/hub_consumer_group_lag\{group="hub-router",/);
    expect(expositions.get('monitor')).toMatch(/hub_mails_sent_total\{service="monitor"\} [1-9]/);
  });
});
