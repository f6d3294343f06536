import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hub-signature-256';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** A partner as far as signing goes: its kind and id, e.g. jobcenter 707. */
export interface SigningParty {
  kind: string;
  id: string;
}

/** `sha256=<hex HMAC of the exact body bytes>`, the scheme partners verify (as webhooks commonly do). */
export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * A partner's own signing secret when its configuration names none: HMAC-SHA256 of `<kind>:<id>`
 * under the adapter's master secret, hex. Each partner gets a different secret (one partner that
 * leaks its secret cannot forge another's deliveries), and the hub keeps a single secret to store.
 */
export function partnerSecret(masterSecret: string, partner: SigningParty): string {
  return createHmac('sha256', masterSecret).update(`${partner.kind}:${partner.id}`).digest('hex');
}

/**
 * Checks a delivery's signature. With `partner`, `secret` is the master secret and the partner's own
 * secret is derived from it (partnerSecret), as the adapters do for partners without their own.
 */
export function verifySignature(
  secret: string,
  body: string | Buffer,
  signature: string | undefined,
  partner?: SigningParty,
): boolean {
  if (!signature) return false;
  const key = partner ? partnerSecret(secret, partner) : secret;
  const expected = Buffer.from(signBody(key, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
