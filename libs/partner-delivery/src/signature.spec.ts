import { partnerSecret, ReplayGuard, signDelivery, verifyDelivery } from './signature';

describe(verifyDelivery.name, () => {
  const master = 'm'.repeat(40);
  const body = '{"deliveryId":"d-1"}';
  const idempotencyKey = 'd-1';
  const jobcenter707 = { kind: 'jobcenter', id: '707' };
  const now = 1_760_000_000;
  const signed = (secret: string, parts: { timestamp?: number; key?: string; body?: string } = {}) =>
    signDelivery(secret, {
      timestamp: parts.timestamp ?? now,
      idempotencyKey: parts.key ?? idempotencyKey,
      body: parts.body ?? body,
    });
  const verify = (header: string | undefined, changes: { key?: string; body?: string; at?: number } = {}) =>
    verifyDelivery(
      master,
      { header, idempotencyKey: changes.key ?? idempotencyKey, body: changes.body ?? body },
      { nowSeconds: changes.at ?? now, partner: jobcenter707 },
    );

  it("accepts a request signed with the partner's secret derived from the master secret", () => {
    expect(verify(signed(partnerSecret(master, jobcenter707)))).toEqual({ ok: true, timestamp: now });
  });

  it('writes the header as t=<unix seconds>,v1=<64 hex digits>', () => {
    expect(signed('s'.repeat(40))).toMatch(/^t=1760000000,v1=[0-9a-f]{64}$/);
  });

  it("refuses a signature made with another partner's derived secret", () => {
    const header = signed(partnerSecret(master, { kind: 'jobcenter', id: '766' }));
    expect(verify(header)).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('refuses the same signature with another idempotency key, another body or another timestamp', () => {
    const header = signed(partnerSecret(master, jobcenter707));
    expect(verify(header, { key: 'd-2' })).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(verify(header, { body: `${body} ` })).toMatchObject({ ok: false, reason: 'mismatch' });
    const otherTime = header.replace(`t=${now}`, `t=${now + 1}`);
    expect(verify(otherTime)).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('refuses a correctly signed request outside the tolerance window, either way', () => {
    const secret = partnerSecret(master, jobcenter707);
    expect(verify(signed(secret), { at: now + 300 })).toMatchObject({ ok: true });
    expect(verify(signed(secret), { at: now + 301 })).toMatchObject({ ok: false, reason: 'expired' });
    expect(verify(signed(secret), { at: now - 301 })).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuses a missing or malformed header, and a missing idempotency key', () => {
    expect(verify(undefined)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verify('sha256=abc')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verify(`t=${now}`)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(
      verifyDelivery(
        master,
        { header: signed(master), idempotencyKey: undefined, body },
        { nowSeconds: now },
      ),
    ).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('gives every partner its own secret, none of them the master secret', () => {
    const secrets = [jobcenter707, { kind: 'jobcenter', id: '766' }, { kind: 'akasse', id: '707' }].map(
      (partner) => partnerSecret(master, partner),
    );
    expect(new Set(secrets).size).toBe(3);
    expect(secrets).not.toContain(master);
  });
});

describe(ReplayGuard.name, () => {
  const now = 1_760_000_000;

  it('accepts a request once and refuses the same one again within the window', () => {
    const guard = new ReplayGuard(300);
    expect(guard.firstUse('d-1', now, now)).toBe(true);
    expect(guard.firstUse('d-1', now, now + 200)).toBe(false);
  });

  it('accepts the same document signed at another time (a redelivery, answered as a duplicate)', () => {
    const guard = new ReplayGuard(300);
    expect(guard.firstUse('d-1', now, now)).toBe(true);
    expect(guard.firstUse('d-1', now + 5, now + 5)).toBe(true);
  });

  it('forgets requests once they are too old to be verified anyway', () => {
    const guard = new ReplayGuard(300);
    guard.firstUse('d-1', now, now);
    guard.firstUse('d-2', now + 100, now + 100);
    guard.firstUse('d-3', now + 400, now + 400);
    expect(guard.size).toBe(2);
  });
});
