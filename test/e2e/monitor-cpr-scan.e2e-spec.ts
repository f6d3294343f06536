import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { CPR_REDACTED, redactCprInText } from '@hub/observability';
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
const SERVICES_WITH_METRICS = [
  'router',
  'jobcenter-adapter',
  'akasse-adapter',
  'union-adapter',
  'company-adapter',
  'notifier',
  'monitor',
];
/** The scenario sends nothing to a union or a company: their deliveries have timed no message yet. */
const SERVICES_THE_SCENARIO_PASSES = ['router', 'jobcenter-adapter', 'akasse-adapter', 'notifier', 'monitor'];

/**
 * A CPR number the way a caseworker might type it into a search, each spelling as it stands in a
 * request path or query string (percent-encoded where a browser would encode it).
 */
function typedInUrl(cpr: string): string[] {
  const [date, serial] = cpr.split('-');
  const dotted = `${date.slice(0, 2)}.${date.slice(2, 4)}.${date.slice(4)}`;
  return [
    `${date}-${serial}`,
    `${date}${serial}`,
    `${date}%20${serial}`,
    `${date}+${serial}`,
    `${date}%E2%80%93${serial}`,
    `${date}/${serial}`,
    `${dotted}-${serial}`,
  ];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Whether `text` holds `form` anywhere but inside a UUID: a searched number's six-digit birth date
 * ("040176") also turns up inside random ids (an event id in applied_event, by chance about once in
 * a few hundred runs), which is no leak; anywhere else, even run into other digits, it counts.
 */
function holds(text: string, form: string): boolean {
  return text.replace(UUID, ' ').includes(form);
}

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
 * Issue 16: CPR numbers typed into the monitor's URLs (path and query, in the spellings people use)
 * reach no log line in clear, and no log line holds anything CPR-shaped, whoever's number it is.
 * Also: every service serves its Prometheus metrics, counting the scenario per kind and outcome.
 */
describe('monitor: no CPR number in any table, log line or metric label; metrics on every service', () => {
  const stack = stackSettings();
  const db = new Client({ connectionString: stack.databaseUrl });
  const kafka = testKafka();
  const publisher = new PartnerPublisher(kafka);
  const cprs = [1, 2, 3, 4].map((n) => scenarioCpr(5, n));
  // Numbers only ever typed into the monitor's URLs (issue 16: they reached its log in clear).
  const searched = [1, 2, 3].map((n) => scenarioCpr(6, n));
  const forms = [
    ...cprs.flatMap((cpr) => [cpr, cpr.replace('-', '')]),
    // A searched number's birth date, in both ways it was written, found in any line is a leak.
    ...searched.flatMap((cpr) => [
      cpr.slice(0, 6),
      `${cpr.slice(0, 2)}.${cpr.slice(2, 4)}.${cpr.slice(4, 6)}`,
    ]),
  ];
  let messages: BuiltMessage[];
  const pseudonyms: string[] = [];

  /** Each service log's length when the suite began: only what was written since is this run's. */
  const logStart = new Map<string, number>();

  beforeAll(async () => {
    assertStackUp();
    const logDir = join(REPO_ROOT, '.stack', PROFILE, 'services');
    if (existsSync(logDir)) {
      for (const file of readdirSync(logDir).filter((name) => name.endsWith('.log')))
        logStart.set(file, statSync(join(logDir, file)).size);
    }
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
    // Only this scenario's: another suite may have left thousands queued that have nothing to do here.
    await eventually(
      "the scenario's deliveries settled",
      async () => {
        const queue = await db.query<{ exists: boolean }>(
          "SELECT to_regclass('delivery_queue') IS NOT NULL AS exists",
        );
        if (!queue.rows[0].exists) return true;
        const pending = await db.query(
          "SELECT 1 FROM delivery_queue WHERE status = 'pending' AND message_id = ANY($1::text[])",
          [messages.map((message) => message.messageId)],
        );
        return pending.rowCount === 0 ? true : undefined;
      },
      { timeoutMs: 90_000 },
    );
    // A caseworker searching the exchange log by CPR number, with the API key and without one.
    const monitor = hubServices.url('monitor', '');
    const apiKey = hubServices.env('monitor').MONITOR_ADMIN_API_KEY;
    for (const spelling of searched.flatMap(typedInUrl)) {
      for (const path of [`/api/exchanges?citizen=${spelling}`, `/api/exchanges/${spelling}`]) {
        await (await fetch(`${monitor}${path}`, { headers: { 'x-api-key': apiKey } })).arrayBuffer();
        await (await fetch(`${monitor}${path}`)).arrayBuffer();
      }
    }
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
        for (const form of forms) if (row.text && holds(row.text, form)) found.push(`${table}: ${form}`);
      }
    }
    expect(found).toEqual([]);
    // The scan did see the scenario: its exchanges are there, under a pseudonym.
    expect(pseudonyms.length).toBe(messages.length);
  });

  it('finds none of them, nor any other CPR number, in any line a service logged during the suite', () => {
    const dir = join(REPO_ROOT, '.stack', PROFILE, 'services');
    const found: string[] = [];
    const searches: string[] = [];
    let lines = 0;
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.log'))) {
      // Lines of earlier runs (of older code, perhaps) are not this run's to judge; the services
      // append to their logs, so this run's lines are those after the length noted at the start.
      const whole = readFileSync(join(dir, file));
      const from = (logStart.get(file) ?? 0) <= whole.length ? (logStart.get(file) ?? 0) : 0;
      for (const line of whole.subarray(from).toString('utf8').split('\n')) {
        lines += 1;
        for (const form of forms) if (holds(line, form)) found.push(`${file}: ${line.slice(0, 300)}`);
        // Any CPR number at all, in any spelling the redaction knows: not only the scenario's own.
        if (redactCprInText(line) !== line) found.push(`${file} (CPR-shaped): ${line.slice(0, 300)}`);
        if (file === 'monitor.log' && line.includes(`"url":"/api/exchanges?citizen=${CPR_REDACTED}"`))
          searches.push(line);
      }
    }
    expect(lines).toBeGreaterThan(0);
    expect(found).toEqual([]);
    // The searches were logged, redacted: every spelling, with the key and without.
    expect(searches.length).toBeGreaterThanOrEqual(searched.flatMap(typedInUrl).length * 2);
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
      if (SERVICES_THE_SCENARIO_PASSES.includes(service)) {
        expect([service, text]).toEqual([
          service,
          expect.stringContaining('hub_message_processing_seconds_bucket'),
        ]);
      }
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
