import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { Browser, chromium, Page } from 'playwright-core';

import type { ExpectationPageDto, KpiPageDto } from '../../apps/monitor/src/api/api.dto';
import {
  buildMessage,
  monitorApi,
  PartnerPublisher,
  scenarioCpr,
} from '../../apps/monitor/src/testing/monitor-e2e';
import { eventually } from '../support/eventually';
import { testKafka } from '../support/kafka-topics';
import { assertStackUp, hubServices, REPO_ROOT } from '../support/local-stack';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const HK = { kind: 'akasse', id: 'HK' } as const;
const NORDDJURS = { kind: 'jobcenter', id: '707' } as const;

/** A number as the page shows it ("66,7 %", "1.234", "4,5") back to a number; "–" is null. */
function shown(text: string, lang: 'da' | 'en'): number | null {
  const trimmed = text.replace(/\s/g, '');
  if (trimmed === '–') return null;
  const digits = lang === 'da' ? trimmed.replace(/\./g, '').replace(',', '.') : trimmed.replace(/,/g, '');
  const value = Number(digits.replace('%', ''));
  return trimmed.endsWith('%') ? value / 100 : value;
}

async function figure(page: Page, testid: string): Promise<{ raw: string | null; text: string }> {
  const locator = page.getByTestId(testid);
  return { raw: await locator.getAttribute('data-value'), text: (await locator.textContent()) ?? '' };
}

/**
 * Issue 7, the built-in dashboard in a real browser (Debian's chromium, headless, driven by
 * playwright-core): after a small scenario, every figure on the page equals the API's, in Danish and
 * in English, and a screenshot is kept in test-artifacts/.
 */
describe('monitor: the dashboard page in headless Chromium', () => {
  const kafka = testKafka();
  const publisher = new PartnerPublisher(kafka);
  let browser: Browser;
  let page: Page;
  let api: ReturnType<typeof monitorApi>;
  let adminKey: string;

  beforeAll(async () => {
    assertStackUp();
    hubServices.up([], { SIMULATOR_ANSWERS: 'false', MONITOR_DEADLINE_INTERVAL_MS: '1000' });
    adminKey = hubServices.env('monitor').MONITOR_ADMIN_API_KEY;
    api = monitorApi(hubServices.url('monitor', ''), adminKey);
    const recommendation = buildMessage({
      kind: 'beskedmodul.EarlyOfferRecommendation',
      sender: HK,
      receivers: [NORDDJURS],
      queuedAt: '2025-09-01T08:00:00.000Z',
      cpr: scenarioCpr(4, 1),
    });
    const messages = [
      recommendation,
      buildMessage({
        kind: 'beskedmodul.EarlyOfferDecision',
        sender: NORDDJURS,
        receivers: [HK],
        queuedAt: '2025-09-03T08:00:00.000Z',
        cpr: scenarioCpr(4, 1),
        causationId: recommendation.messageId,
      }),
      buildMessage({
        kind: 'beskedmodul.EarlyOfferRecommendation',
        sender: HK,
        receivers: [NORDDJURS],
        queuedAt: '2025-09-02T08:00:00.000Z',
        cpr: scenarioCpr(4, 2),
      }),
      buildMessage({
        kind: 'beskedmodul.EarlyOfferRecommendation',
        sender: HK,
        receivers: [NORDDJURS],
        queuedAt: '2025-09-02T09:00:00.000Z',
        cpr: scenarioCpr(4, 3),
        changes: { price: null },
      }),
    ];
    await publisher.publish(messages);
    await eventually('the scenario in the log', async () => {
      const { body } = await api.get<{ items: { messageId: string }[] }>(
        '/api/exchanges?party=akasse:HK&limit=1000',
      );
      const ids = new Set(body.items.map((item) => item.messageId));
      return messages.every((message) => ids.has(message.messageId)) ? true : undefined;
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1360, height: 1000 }, locale: 'da-DK' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await publisher.close();
    hubServices.down();
  }, 60_000);

  it('shows, in Danish, the same KPIs, overdue deadlines and rejections as the API', async () => {
    await page.goto(hubServices.url('monitor', '/dashboard'));
    expect(await page.locator('h1').textContent()).toBe('Hubben – overblik over samarbejdsaftalerne');
    await page.fill('#key', adminKey);
    await page.click('#show');
    await page.getByTestId('tile-on-time').waitFor();
    await page.getByTestId('throughput-routed').waitFor();

    const kpis = (await api.get<KpiPageDto>('/api/kpis')).body;
    const overdue = (await api.get<ExpectationPageDto>('/api/deadlines?state=overdue&limit=200')).body;
    expect(kpis.items.length).toBeGreaterThan(0);
    for (const item of kpis.items) {
      const id = `kpi-${item.agreementId ?? 'none'}-${item.month}-`;
      const expected: [string, number | null][] = [
        ['exchanges', item.volumes.exchanges],
        ['rejected', item.volumes.rejected],
        ['expectations', item.timeliness.expectations],
        ['answered', item.timeliness.answered],
        ['on-time', item.timeliness.answeredOnTime],
        ['share', item.timeliness.shareAnsweredOnTime],
        ['median', item.timeliness.medianResponseWorkingDays],
        ['p90', item.timeliness.p90ResponseWorkingDays],
        ['overdue', item.timeliness.overdueNow],
      ];
      for (const [field, value] of expected) {
        const { raw, text } = await figure(page, id + field);
        expect([id + field, raw]).toEqual([id + field, value === null ? '' : String(value)]);
        const visible = shown(text, 'da');
        if (value === null) expect(visible).toBeNull();
        else expect(visible).toBeCloseTo(value, field === 'share' ? 3 : 1);
      }
    }
    const sum = (pick: (item: KpiPageDto['items'][number]) => number): number =>
      kpis.items.reduce((total, item) => total + pick(item), 0);
    expect(shown((await figure(page, 'tile-exchanges')).text, 'da')).toBe(sum((i) => i.volumes.exchanges));
    expect(shown((await figure(page, 'tile-rejected')).text, 'da')).toBe(sum((i) => i.volumes.rejected));
    expect(shown((await figure(page, 'tile-overdue')).text, 'da')).toBe(sum((i) => i.timeliness.overdueNow));
    expect(shown((await figure(page, 'tile-on-time')).text, 'da')).toBeCloseTo(
      sum((i) => i.timeliness.answeredOnTime) / sum((i) => i.timeliness.expectations),
      3,
    );
    expect(await page.locator('[data-testid^="overdue-due-"]').count()).toBe(overdue.items.length);
    const reasons = new Map<string, number>();
    for (const item of kpis.items) {
      for (const [code, n] of Object.entries(item.rejectionsByReason))
        reasons.set(code, (reasons.get(code) ?? 0) + n);
    }
    expect(reasons.get('RECOMMENDATION_INCOMPLETE')).toBeGreaterThan(0);
    for (const [code, n] of reasons)
      expect(shown((await figure(page, `rejections-${code}`)).text, 'da')).toBe(n);
    const throughput = (await api.get<{ points: { routed: number }[] }>('/api/throughput?minutes=60')).body;
    const routedLastHour = throughput.points.reduce((total, point) => total + point.routed, 0);
    expect(shown((await figure(page, 'throughput-routed')).text, 'da')).toBeGreaterThanOrEqual(
      routedLastHour - 0,
    );

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'monitor-dashboard.png'), fullPage: true });
  });

  it('switches to English with the same figures', async () => {
    await page.click('#lang');
    expect(await page.locator('h1').textContent()).toBe('The hub – overview of the cooperation agreements');
    const kpis = (await api.get<KpiPageDto>('/api/kpis')).body;
    const first = kpis.items[0];
    const { text } = await figure(page, `kpi-${first.agreementId ?? 'none'}-${first.month}-exchanges`);
    expect(shown(text, 'en')).toBe(first.volumes.exchanges);
    await page.screenshot({ path: join(ARTIFACTS, 'monitor-dashboard-en.png'), fullPage: true });
  });

  it('refuses a wrong key and says so', async () => {
    const fresh = await browser.newPage();
    await fresh.goto(hubServices.url('monitor', '/dashboard'));
    await fresh.fill('#key', 'not-the-key-0000000000');
    await fresh.click('#show');
    await fresh.locator('#error:has-text("API-nøglen blev ikke godkendt.")').waitFor();
    expect(await fresh.locator('#content').isHidden()).toBe(true);
    await fresh.close();
  });
});
