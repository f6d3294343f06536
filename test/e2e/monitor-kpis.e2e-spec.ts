import { randomBytes } from 'node:crypto';

import type { PartnerMessageKind, PartyRef } from '@hub/contracts';
import { Client } from 'pg';

import type {
  ExchangeDetailDto,
  ExchangePageDto,
  KpiDto,
  KpiPageDto,
  TimelineDto,
} from '../../apps/monitor/src/api/api.dto';
import {
  addWorkingDays,
  BuiltMessage,
  buildMessage,
  emptyMonitorTables,
  routerAndMonitorCaughtUp,
  monitorApi,
  PartnerPublisher,
  percentileCont,
  scenarioCpr,
  workingDaysBetween,
} from '../../apps/monitor/src/testing/monitor-e2e';
import { eventually } from '../support/eventually';
import { testKafka } from '../support/kafka-topics';
import { assertStackUp, hubServices, stackSettings } from '../support/local-stack';

const FOA: PartyRef = { kind: 'akasse', id: 'FOA' };
const NORDDJURS: PartyRef = { kind: 'jobcenter', id: '707' };
const AGREEMENT = 'norddjurs-akasse-2024';

/**
 * The scenario's own script: what FOA sends Jobcenter Norddjurs and when the jobcenter answers. The
 * agreement's targets (seed 001, as agreements/001-norddjurs-akasse.yaml reads "hurtigst muligt"):
 * a decision on a recommendation within 5 working days, an answer to an inquiry within 2.
 */
interface Case {
  name: string;
  trigger: 'recommendation' | 'inquiry';
  on: string;
  answerOn?: string;
  /** Sent without a price for a course: the agreement rejects it (RECOMMENDATION_INCOMPLETE). */
  incomplete?: true;
}

const SCRIPT: readonly Case[] = [
  { name: 'R1', trigger: 'recommendation', on: '2025-03-03', answerOn: '2025-03-05' },
  { name: 'R2', trigger: 'recommendation', on: '2025-03-04', answerOn: '2025-03-11' },
  { name: 'R3', trigger: 'recommendation', on: '2025-03-05', answerOn: '2025-03-14' },
  { name: 'R4', trigger: 'recommendation', on: '2025-03-10' },
  { name: 'R5', trigger: 'recommendation', on: '2025-03-12', incomplete: true },
  { name: 'I1', trigger: 'inquiry', on: '2025-04-01', answerOn: '2025-04-02' },
  { name: 'R6', trigger: 'recommendation', on: '2025-04-14', answerOn: '2025-04-23' },
  { name: 'R7', trigger: 'recommendation', on: '2025-04-15', answerOn: '2025-04-29' },
  { name: 'I2', trigger: 'inquiry', on: '2025-04-24', answerOn: '2025-04-30' },
];

const TARGET_WORKING_DAYS = { recommendation: 5, inquiry: 2 } as const;
const KINDS = {
  recommendation: ['beskedmodul.EarlyOfferRecommendation', 'beskedmodul.EarlyOfferDecision'],
  inquiry: ['beskedmodul.Inquiry', 'beskedmodul.InquiryAnswer'],
} as const satisfies Record<Case['trigger'], readonly [PartnerMessageKind, PartnerMessageKind]>;

const month = (date: string): string => date.slice(0, 7);
const danishToday = (): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());

/** The KPIs the monitor should report, computed from SCRIPT alone. */
function expectedKpis(today: string): Map<string, Omit<KpiDto, 'agreementId'>> {
  const byMonth = new Map<string, Omit<KpiDto, 'agreementId'>>();
  const entry = (m: string): Omit<KpiDto, 'agreementId'> => {
    let kpi = byMonth.get(m);
    if (!kpi) {
      kpi = {
        month: m,
        volumes: { exchanges: 0, routed: 0, rejected: 0, byKind: {} },
        timeliness: {
          expectations: 0,
          answered: 0,
          answeredOnTime: 0,
          shareAnsweredOnTime: null,
          medianResponseWorkingDays: null,
          p90ResponseWorkingDays: null,
          overdueNow: 0,
        },
        rejectionsByReason: {},
      };
      byMonth.set(m, kpi);
    }
    return kpi;
  };
  const count = (m: string, kind: string, rejected: boolean): void => {
    const kpi = entry(m);
    kpi.volumes.exchanges += 1;
    kpi.volumes[rejected ? 'rejected' : 'routed'] += 1;
    kpi.volumes.byKind[kind] = (kpi.volumes.byKind[kind] ?? 0) + 1;
  };
  const responses = new Map<string, number[]>();
  for (const step of SCRIPT) {
    const [triggerKind, answerKind] = KINDS[step.trigger];
    if (step.incomplete) {
      // A rejection counts in the month the message was sent, as a routed exchange of it would.
      count(month(step.on), triggerKind, true);
      entry(month(step.on)).rejectionsByReason.RECOMMENDATION_INCOMPLETE =
        (entry(month(step.on)).rejectionsByReason.RECOMMENDATION_INCOMPLETE ?? 0) + 1;
      continue;
    }
    count(month(step.on), triggerKind, false);
    const timeliness = entry(month(step.on)).timeliness;
    const dueOn = addWorkingDays(step.on, TARGET_WORKING_DAYS[step.trigger]);
    timeliness.expectations += 1;
    if (step.answerOn) {
      count(month(step.answerOn), answerKind, false);
      timeliness.answered += 1;
      if (step.answerOn <= dueOn) timeliness.answeredOnTime += 1;
      const list = responses.get(month(step.on)) ?? [];
      list.push(workingDaysBetween(step.on, step.answerOn));
      responses.set(month(step.on), list);
    } else if (dueOn < today) {
      timeliness.overdueNow += 1;
    }
  }
  for (const [m, kpi] of byMonth) {
    const t = kpi.timeliness;
    t.shareAnsweredOnTime = t.expectations === 0 ? null : t.answeredOnTime / t.expectations;
    t.medianResponseWorkingDays = percentileCont(responses.get(m) ?? [], 0.5);
    t.p90ResponseWorkingDays = percentileCont(responses.get(m) ?? [], 0.9);
  }
  return byMonth;
}

/**
 * Issue 7, the exchange log's API against the real services: a scripted scenario (FOA and Jobcenter
 * Norddjurs, seed 001) goes through the hub; the KPIs the API returns per agreement and month equal
 * the ones computed here from the script; the filters, timeline and OpenAPI document work; and a
 * partner's API key sees only the exchanges it is a party to.
 */
describe('monitor: exchange log API and KPIs, end to end', () => {
  const stack = stackSettings();
  const db = new Client({ connectionString: stack.databaseUrl });
  const kafka = testKafka();
  const publisher = new PartnerPublisher(kafka);
  const keys = {
    foa: randomBytes(16).toString('hex'),
    akasse3f: randomBytes(16).toString('hex'),
    jobcenter707: randomBytes(16).toString('hex'),
  };
  const sent = new Map<string, { trigger: BuiltMessage; answer?: BuiltMessage }>();
  let admin: ReturnType<typeof monitorApi>;
  let baseUrl: string;

  beforeAll(async () => {
    assertStackUp();
    hubServices.down();
    await db.connect();
    hubServices.up([], {
      SIMULATOR_ANSWERS: 'false',
      MONITOR_PARTNER_API_KEYS: `akasse:FOA=${keys.foa},akasse:3F=${keys.akasse3f},jobcenter:707=${keys.jobcenter707}`,
    });
    // What other suites left on the topics is routed and logged first, then thrown away: the log
    // then holds this scenario only.
    await eventually(
      'the router and the monitor caught up with the topics',
      async () => ((await routerAndMonitorCaughtUp(kafka)) ? true : undefined),
      { timeoutMs: 180_000, intervalMs: 1_000 },
    );
    await emptyMonitorTables(db);
    baseUrl = hubServices.url('monitor', '');
    admin = monitorApi(baseUrl, hubServices.env('monitor').MONITOR_ADMIN_API_KEY);

    const triggers: BuiltMessage[] = [];
    const answers: BuiltMessage[] = [];
    SCRIPT.forEach((step, index) => {
      const [triggerKind, answerKind] = KINDS[step.trigger];
      const cpr = scenarioCpr(1, index);
      const trigger = buildMessage({
        kind: triggerKind,
        sender: FOA,
        receivers: [NORDDJURS],
        queuedAt: `${step.on}T09:00:00.000Z`,
        cpr,
        changes: step.incomplete ? { price: null } : {},
      });
      triggers.push(trigger);
      const answer = step.answerOn
        ? buildMessage({
            kind: answerKind,
            sender: NORDDJURS,
            receivers: [FOA],
            queuedAt: `${step.answerOn}T11:00:00.000Z`,
            cpr,
            causationId: trigger.messageId,
            inReplyTo: { messageId: trigger.messageId, kind: triggerKind, exchangeDate: step.on },
            changes: answerKind === 'beskedmodul.EarlyOfferDecision' ? { decidedOn: step.answerOn } : {},
          })
        : undefined;
      if (answer) answers.push(answer);
      sent.set(step.name, { trigger, answer });
    });
    await publisher.publish([...triggers, ...answers]);
    const total = triggers.length + answers.length;
    await eventually(
      `all ${total} scenario exchanges in the log, the answers linked`,
      async () => {
        const { body } = await admin.get<ExchangePageDto>('/api/exchanges?party=akasse:FOA&limit=1000');
        const answered = body.items.filter((item) => item.answeredBy !== null).length;
        return body.items.length === total && answered === answers.length ? body : undefined;
      },
      { timeoutMs: 90_000 },
    );
  }, 360_000);

  afterAll(async () => {
    await publisher.close();
    await db.end();
    hubServices.down();
  }, 60_000);

  it('returns, per agreement and month, the KPIs computed independently from the scenario script', async () => {
    const today = danishToday();
    const expected = expectedKpis(today);
    const { status, body } = await admin.get<KpiPageDto>(`/api/kpis?agreement=${AGREEMENT}`);
    expect(status).toBe(200);
    expect(body.asOf).toBe(today);
    const actual = new Map(body.items.map((item) => [item.month, item]));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [m, kpi] of expected) {
      const got = actual.get(m);
      expect({ month: m, volumes: got?.volumes, rejections: got?.rejectionsByReason }).toEqual({
        month: m,
        volumes: kpi.volumes,
        rejections: kpi.rejectionsByReason,
      });
      const { shareAnsweredOnTime, medianResponseWorkingDays, p90ResponseWorkingDays, ...counts } =
        kpi.timeliness;
      expect(got?.timeliness).toMatchObject(counts);
      for (const [name, value] of Object.entries({
        shareAnsweredOnTime,
        medianResponseWorkingDays,
        p90ResponseWorkingDays,
      })) {
        const gotValue = got?.timeliness[name as keyof typeof kpi.timeliness] ?? null;
        if (value === null) expect([m, name, gotValue]).toEqual([m, name, null]);
        else expect(gotValue).toBeCloseTo(value, 6);
      }
    }
    // The figures a reader can check by hand: March has 4 deadlines, 2 met, 1 overdue; April 4 of 4 answered.
    expect(actual.get('2025-03')?.timeliness).toMatchObject({
      expectations: 4,
      answeredOnTime: 2,
      overdueNow: 1,
    });
  });

  it('raises RESPONSE_LATE at routing on exactly the answers the monitor counts late', async () => {
    // The same cases through both: the router judges each answer against the target as it routes it
    // (from the inReplyTo it carries), the monitor links it to its trigger's deadline afterwards.
    const TARGET_ID = { recommendation: 'recommendation-decision', inquiry: 'inquiry-answer' } as const;
    const verdicts: { name: string; router: boolean; monitor: boolean }[] = [];
    for (const step of SCRIPT) {
      const pair = sent.get(step.name);
      if (!pair?.answer) continue;
      const answerRow = await db.query<{ findings: { code: string }[] }>(
        'SELECT findings FROM exchange_log WHERE message_id = $1',
        [pair.answer.messageId],
      );
      const expectation = await db.query<{ late: boolean }>(
        `SELECT fulfilled_on > due_on AS late FROM exchange_expectation
          WHERE trigger_message_id = $1 AND kind = $2 AND fulfilled_by = $3`,
        [pair.trigger.messageId, TARGET_ID[step.trigger], pair.answer.messageId],
      );
      expect([step.name, answerRow.rows.length, expectation.rows.length]).toEqual([step.name, 1, 1]);
      verdicts.push({
        name: step.name,
        router: answerRow.rows[0].findings.some((finding) => finding.code === 'RESPONSE_LATE'),
        monitor: expectation.rows[0].late,
      });
    }
    expect(verdicts.filter((v) => v.router !== v.monitor)).toEqual([]);
    // And they are the answers the script makes late, by its own count of working days (R2 and R6
    // answer on the due date itself; R6 across Easter).
    expect(verdicts.filter((v) => v.router).map((v) => v.name)).toEqual(['R3', 'R7', 'I2']);
  });

  it('filters exchanges by agreement, party, kind, finding, period and pseudonym', async () => {
    const r3 = sent.get('R3');
    const one = await admin.get<ExchangeDetailDto>(`/api/exchanges/${r3?.trigger.messageId}`);
    const pseudonym = one.body.citizenPseudonym;
    expect(pseudonym).toMatch(/^[0-9a-f]{32}$/);
    const ids = async (query: string): Promise<string[]> =>
      (await admin.get<ExchangePageDto>(`/api/exchanges?${query}&limit=1000`)).body.items
        .map((item) => item.messageId)
        .sort();
    const all = [...sent.values()].flatMap(({ trigger, answer }) => [trigger, answer]);
    const idsOf = (list: (BuiltMessage | undefined)[]): string[] =>
      list.flatMap((message) => (message ? [message.messageId] : [])).sort();
    expect(await ids('party=akasse:FOA')).toEqual(idsOf(all));
    expect(await ids(`agreement=${AGREEMENT}&party=akasse:FOA`)).toEqual(idsOf(all));
    expect(await ids('party=akasse:FOA&kind=beskedmodul.InquiryAnswer')).toEqual(
      idsOf([sent.get('I1')?.answer, sent.get('I2')?.answer]),
    );
    expect(
      await ids('party=akasse:FOA&from=2025-04-01&to=2025-04-30&kind=beskedmodul.EarlyOfferRecommendation'),
    ).toEqual(idsOf([sent.get('R6')?.trigger, sent.get('R7')?.trigger]));
    expect(await ids(`pseudonym=${pseudonym}`)).toEqual(idsOf([r3?.trigger, r3?.answer]));
    expect(await ids('party=akasse:FOA&finding=RECOMMENDATION_INCOMPLETE')).toEqual(
      idsOf([sent.get('R5')?.trigger]),
    );
    expect((await admin.get('/api/exchanges?from=2025-13-01')).status).toBe(400);
  });

  it('logs a rejected exchange on the date its message gives, with the receivers it names', async () => {
    const r5 = sent.get('R5')?.trigger;
    const { status, body } = await admin.get<ExchangeDetailDto>(`/api/exchanges/${r5?.messageId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'rejected',
      reasonCode: 'RECOMMENDATION_INCOMPLETE',
      exchangeDate: '2025-03-12',
      receivers: [NORDDJURS],
    });
    // Found by the period it was sent in, not the day the hub refused it.
    const march = await admin.get<ExchangePageDto>(
      `/api/exchanges?agreement=${AGREEMENT}&from=2025-03-12&to=2025-03-12&limit=100`,
    );
    expect(march.body.items.map((item) => item.messageId)).toContain(r5?.messageId);
  });

  it("shows one exchange's deadlines and timeline: queued, routed, delivered, answered", async () => {
    const r3 = sent.get('R3');
    const detail = await admin.get<ExchangeDetailDto>(`/api/exchanges/${r3?.trigger.messageId}`);
    expect(detail.body.answeredBy).toBe(r3?.answer?.messageId);
    expect(detail.body.answeredOn).toBe('2025-03-14');
    expect(detail.body.expectations).toContainEqual(
      expect.objectContaining({
        kind: 'recommendation-decision',
        dueOn: addWorkingDays('2025-03-05', 5),
        state: 'late',
        fulfilledBy: r3?.answer?.messageId,
        responseWorkingDays: workingDaysBetween('2025-03-05', '2025-03-14'),
      }),
    );
    // Delivery to the partner goes on after the exchange is logged: wait for it, with a deadline.
    const expected = ['queued', 'routed', 'delivered', 'answered'];
    const timeline = await eventually(
      `the timeline of ${r3?.trigger.messageId} to show ${expected.join(', ')}`,
      async () => {
        const response = await admin.get<TimelineDto>(`/api/exchanges/${r3?.trigger.messageId}/timeline`);
        const seen = response.body.steps.map((step) => step.step);
        return expected.every((step) => seen.includes(step)) ? response : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const steps = timeline.body.steps.map((step) => step.step);
    for (const step of expected) expect(steps).toContain(step);
    // In the order they happened: the hub routes and delivers after the partner queued it. The answer
    // was published together with it and may be routed first (another partner's topic), so where
    // 'answered' falls is a matter of real time; what it must say is who answered.
    expect(steps.indexOf('queued')).toBeLessThan(steps.indexOf('routed'));
    expect(steps.indexOf('routed')).toBeLessThan(steps.indexOf('delivered'));
    expect(timeline.body.steps.find((step) => step.step === 'answered')?.detail).toMatchObject({
      by: r3?.answer?.messageId,
      kind: 'beskedmodul.EarlyOfferDecision',
    });
  });

  it("lets a partner's key read only the exchanges it is a party to", async () => {
    const foa = monitorApi(baseUrl, keys.foa);
    const other = monitorApi(baseUrl, keys.akasse3f);
    const jobcenter = monitorApi(baseUrl, keys.jobcenter707);
    const r1 = sent.get('R1')?.trigger.messageId ?? '';

    expect((await foa.get(`/api/exchanges/${r1}`)).status).toBe(200);
    expect((await jobcenter.get(`/api/exchanges/${r1}`)).status).toBe(200);
    expect((await other.get(`/api/exchanges/${r1}`)).status).toBe(404);
    expect((await other.get(`/api/exchanges/${r1}/timeline`)).status).toBe(404);
    // A rejected message was never delivered: its sender sees it, the receiver it names does not.
    const r5 = sent.get('R5')?.trigger.messageId ?? '';
    expect((await foa.get(`/api/exchanges/${r5}`)).status).toBe(200);
    expect((await jobcenter.get(`/api/exchanges/${r5}`)).status).toBe(404);
    expect(
      (await jobcenter.get<ExchangePageDto>('/api/exchanges?limit=1000')).body.items.map(
        (item) => item.messageId,
      ),
    ).not.toContain(r5);
    expect((await other.get<ExchangePageDto>('/api/exchanges?limit=1000')).body.items).toEqual([]);
    expect((await other.get<ExchangePageDto>('/api/exchanges?party=akasse:FOA')).body.items).toEqual([]);
    expect((await other.get<KpiPageDto>(`/api/kpis?agreement=${AGREEMENT}`)).body.items).toEqual([]);

    // FOA's own view: its exchanges and the same KPIs as the operator's (it is the only a-kasse here).
    const own = (await foa.get<ExchangePageDto>('/api/exchanges?limit=1000')).body.items;
    expect(own.every((item) => item.senderId === 'FOA' || item.receivers.some((r) => r.id === 'FOA'))).toBe(
      true,
    );
    expect((await foa.get<KpiPageDto>(`/api/kpis?agreement=${AGREEMENT}`)).body).toEqual(
      (await admin.get<KpiPageDto>(`/api/kpis?agreement=${AGREEMENT}`)).body,
    );

    expect((await monitorApi(baseUrl, 'not-a-key-at-all-0000').get('/api/exchanges')).status).toBe(401);
    expect((await fetch(`${baseUrl}/api/kpis`)).status).toBe(401);
  });

  it('documents the API with OpenAPI, including the API key', async () => {
    const response = await fetch(`${baseUrl}/api/docs/openapi.json`);
    const document = (await response.json()) as {
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, { type: string; in: string; name: string }> };
    };
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        '/api/deadletters',
        '/api/deadlines',
        '/api/exchanges',
        '/api/exchanges/{messageId}',
        '/api/exchanges/{messageId}/timeline',
        '/api/kpis',
        '/api/throughput',
      ].sort(),
    );
    expect(document.components.securitySchemes['api-key']).toEqual({
      type: 'apiKey',
      in: 'header',
      name: 'x-api-key',
    });
  });
});
