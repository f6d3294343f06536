import { eventually } from '../support/eventually';
import { assertStackUp, hubServices } from '../support/local-stack';

const MAX_FAILURES = 5;

/**
 * Issue 16, found on the demo stack: the monitor's API answered 500 to a huge offset, a 64-bit
 * overflow and a NUL byte in a filter; it let a client try wrong API keys without end; and its
 * answers (personal data) carried no security headers but X-Powered-By. Against the real monitor.
 */
describe('monitor API: bad input is a 400, wrong keys are throttled, responses carry security headers', () => {
  let base: string;
  let adminKey: string;

  const get = (path: string, key?: string): Promise<Response> =>
    fetch(`${base}${path}`, { headers: key === undefined ? {} : { 'x-api-key': key } });

  beforeAll(async () => {
    assertStackUp();
    hubServices.up(['monitor'], { MONITOR_API_KEY_MAX_FAILURES: String(MAX_FAILURES) });
    base = hubServices.url('monitor', '');
    adminKey = hubServices.env('monitor').MONITOR_ADMIN_API_KEY;
    await eventually('the monitor answers', async () =>
      (await get('/api/exchanges?limit=1', adminKey).catch(() => undefined))?.status === 200
        ? true
        : undefined,
    );
  }, 120_000);

  afterAll(() => hubServices.down(['monitor']), 60_000);

  // Each: what a user typed, and the message that must name the parameter at fault.
  const badInputs: [string, string][] = [
    ['/api/exchanges?offset=1e300', 'offset must be a whole number from 0 to 1000000'],
    ['/api/exchanges?offset=99999999999999999999', 'offset must be a whole number from 0 to 1000000'],
    ['/api/exchanges?limit=99999999999999999999', 'limit must be a whole number from 1 to 1000'],
    ['/api/exchanges?limit=1.5', 'limit must be a whole number from 1 to 1000'],
    ['/api/exchanges?kind=beskedmodul.Inquiry%00', 'kind must not contain control characters (such as NUL)'],
    ['/api/exchanges?agreement=%00', 'agreement must not contain control characters (such as NUL)'],
    ['/api/exchanges?finding=RESPONSE%00LATE', 'finding must not contain control characters (such as NUL)'],
    ['/api/exchanges?pseudonym=ab%00cd', 'pseudonym must not contain control characters (such as NUL)'],
    ['/api/exchanges?party=akasse:3F%00', 'party must not contain control characters (such as NUL)'],
    [`/api/exchanges?kind=${'x'.repeat(201)}`, 'kind must be at most 200 characters'],
    ['/api/exchanges?from=2025-02-30', 'from must be a real calendar date YYYY-MM-DD'],
    ['/api/exchanges?to=2025-02-29', 'to must be a real calendar date YYYY-MM-DD'],
    ['/api/exchanges?limit=1&limit=2', 'limit must be given once, as plain text'],
    ['/api/exchanges?lmit=5', 'unknown query parameter lmit; this endpoint takes'],
    ['/api/deadlines?agreement=%00', 'agreement must not contain control characters (such as NUL)'],
    ['/api/deadlines?limit=99999999999999999999', 'limit must be a whole number from 1 to 1000'],
    ['/api/deadlines?responsible=jobcenter:707%00', 'responsible must not contain control characters'],
    ['/api/kpis?agreement=%00', 'agreement must not contain control characters (such as NUL)'],
    ['/api/kpis?from=0000-01', 'from must be a month YYYY-MM, from 1900-01'],
    ['/api/throughput?minutes=1e300', 'minutes must be a whole number from 1 to 1440'],
    ['/api/throughput?minutes=99999999999999999999', 'minutes must be a whole number from 1 to 1440'],
    ['/api/deadletters?reason=%00', 'reason must not contain control characters (such as NUL)'],
    ['/api/deadletters?limit=1e300', 'limit must be a whole number from 1 to 1000'],
    [
      '/api/exchanges/00000000-0000-4000-8000-000000000000?x=1',
      'unknown query parameter x; this endpoint takes none',
    ],
  ];

  it.each(badInputs)('answers %s with 400 naming the parameter', async (path, message) => {
    const response = await get(path, adminKey);
    const body = (await response.json()) as { statusCode: number; message: string };
    expect(response.status).toBe(400);
    expect(body.message).toContain(message);
  });

  it('still answers good input, at the bounds, with 200', async () => {
    for (const path of [
      '/api/exchanges?offset=1000000&limit=1000&from=2024-02-29&kind=beskedmodul.Inquiry',
      '/api/deadlines?state=open&limit=1000',
      '/api/kpis?from=2025-01&to=2025-12',
      '/api/throughput?minutes=1440',
      '/api/deadletters?reason=RECOMMENDATION_INCOMPLETE&limit=1000',
    ]) {
      expect({ path, status: (await get(path, adminKey)).status }).toEqual({ path, status: 200 });
    }
  });

  it(`refuses wrong keys with 429 and Retry-After after ${MAX_FAILURES} from one address; a valid key still works`, async () => {
    // A request without a key is no guess: it is 401 however often it comes.
    for (let i = 0; i < MAX_FAILURES + 2; i += 1) expect((await get('/api/kpis')).status).toBe(401);
    for (let i = 0; i < MAX_FAILURES; i += 1) {
      expect((await get('/api/kpis', `wrong-key-${i}-0123456789`)).status).toBe(401);
    }
    const refused = await get('/api/kpis', 'wrong-key-again-0123456789');
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await refused.json()) as { message: string }).message).toContain('too many wrong API keys');
    // Still refused on another endpoint: the count is per address, not per route.
    expect((await get('/api/deadletters', 'wrong-key-other-0123456789')).status).toBe(429);
    // The operator behind the same address is not locked out, and is not throttled however often.
    for (let i = 0; i < MAX_FAILURES * 2; i += 1) expect((await get('/api/kpis', adminKey)).status).toBe(200);
  });

  it('sends the security headers on API answers (good and refused) and the dashboard, and no X-Powered-By', async () => {
    for (const response of [
      await get('/api/exchanges?limit=1', adminKey),
      await get('/api/exchanges?offset=1e300', adminKey),
      await get('/api/exchanges'),
    ]) {
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      );
    }
    const page = await get('/dashboard');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-powered-by')).toBeNull();
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = page.headers.get('content-security-policy') ?? '';
    // Only the script and style sheet the monitor serves may run, nothing inline, and the page may
    // call the API on its own origin only.
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).not.toMatch(/<script>|<style/);
    expect(html).toContain('<script src="/dashboard/assets/dashboard.js">');
    expect(html).toContain('<link rel="stylesheet" href="/dashboard/assets/dashboard.css"');
    // The page's script, style sheet and names, under their own types (nosniff: a browser trusts them).
    for (const [path, type] of [
      ['/dashboard/assets/dashboard.js', 'text/javascript; charset=utf-8'],
      ['/dashboard/assets/dashboard.css', 'text/css; charset=utf-8'],
      ['/dashboard/names.json', 'application/json; charset=utf-8'],
    ]) {
      const asset = await get(path);
      expect([path, asset.status, asset.headers.get('content-type')]).toEqual([path, 200, type]);
      expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
      expect(asset.headers.get('cache-control')).toBe('no-store');
      expect(asset.headers.get('x-powered-by')).toBeNull();
    }
    // Only those fixed paths: nothing else under the dashboard, nor a file named by the request.
    expect((await get('/dashboard/assets/dashboard-assets.js')).status).toBe(404);
    expect((await get('/dashboard/assets/..%2Fdashboard.controller.js')).status).toBe(404);
  });
});
