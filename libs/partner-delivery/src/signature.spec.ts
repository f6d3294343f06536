import { partnerSecret, signBody, verifySignature } from './signature';

describe(verifySignature.name, () => {
  const master = 'm'.repeat(40);
  const body = '{"deliveryId":"d-1"}';
  const jobcenter707 = { kind: 'jobcenter', id: '707' };

  it("accepts a body signed with the partner's secret derived from the master secret", () => {
    const signature = signBody(partnerSecret(master, jobcenter707), body);
    expect(verifySignature(master, body, signature, jobcenter707)).toBe(true);
  });

  it("refuses a signature made with another partner's derived secret", () => {
    const signature = signBody(partnerSecret(master, { kind: 'jobcenter', id: '766' }), body);
    expect(verifySignature(master, body, signature, jobcenter707)).toBe(false);
  });

  it('gives every partner its own secret, none of them the master secret', () => {
    const secrets = [jobcenter707, { kind: 'jobcenter', id: '766' }, { kind: 'akasse', id: '707' }].map(
      (partner) => partnerSecret(master, partner),
    );
    expect(new Set(secrets).size).toBe(3);
    expect(secrets).not.toContain(master);
  });

  it('still verifies with a plain secret when no partner is given, and refuses a changed body', () => {
    const signature = signBody(master, body);
    expect(verifySignature(master, body, signature)).toBe(true);
    expect(verifySignature(master, `${body} `, signature)).toBe(false);
    expect(verifySignature(master, body, undefined)).toBe(false);
  });
});
