import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `Hub-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<idempotency key>.<body>">`, the
 * well-known webhook style: the signature covers when the request was made, which document it is
 * (the idempotency key) and its exact bytes, so a captured request cannot be sent again later, nor
 * with another idempotency key, nor with another body. docs/partner-delivery-signing.md is the
 * partners' description, with a verification example.
 */
export const SIGNATURE_HEADER = 'hub-signature';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** The scheme's version tag in the header; a future scheme gets v2 beside it. */
export const SIGNATURE_SCHEME = 'v1';
/** How far a request's timestamp may be from the receiver's clock, either way (5 minutes). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A partner as far as signing goes: its kind and id, e.g. jobcenter 707. */
export interface SigningParty {
  kind: string;
  id: string;
}

/** What one signed request is made of. */
export interface SignedParts {
  /** Unix seconds at which the hub made the request. */
  timestamp: number;
  idempotencyKey: string;
  body: string | Buffer;
}

function hmacHex(secret: string, { timestamp, idempotencyKey, body }: SignedParts): string {
  return createHmac('sha256', secret).update(`${timestamp}.${idempotencyKey}.`).update(body).digest('hex');
}

/** The Hub-Signature header value for one request. */
export function signDelivery(secret: string, parts: SignedParts): string {
  return `t=${parts.timestamp},${SIGNATURE_SCHEME}=${hmacHex(secret, parts)}`;
}

/**
 * A partner's own signing secret when its configuration names none: HMAC-SHA256 of `<kind>:<id>`
 * under the adapter's master secret, hex. Each partner gets a different secret (one partner that
 * leaks its secret cannot forge another's deliveries), and the hub keeps a single secret to store.
 */
export function partnerSecret(masterSecret: string, partner: SigningParty): string {
  return createHmac('sha256', masterSecret).update(`${partner.kind}:${partner.id}`).digest('hex');
}

export type SignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'malformed' | 'mismatch' | 'expired'; text: string };

/** `t=...,v1=...` into its parts; several v1 values are allowed (the hub sends one). */
function parseHeader(header: string): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === 't' && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === SIGNATURE_SCHEME && value !== undefined && /^[0-9a-f]{64}$/.test(value)) {
      signatures.push(value);
    }
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

/**
 * Checks one delivery as a partner must: the header is well formed, one of its v1 signatures is the
 * HMAC of `<t>.<idempotency key>.<body>` under the partner's secret, and `t` is within
 * `toleranceSeconds` of `nowSeconds`. With `partner`, `secret` is the master secret and the partner's
 * own secret is derived from it (partnerSecret), as the hub does for partners without their own.
 * Replays within the window are the receiver's to refuse (ReplayGuard): this check has no memory.
 */
export function verifyDelivery(
  secret: string,
  request: { header: string | undefined; idempotencyKey: string | undefined; body: string | Buffer },
  options: { nowSeconds: number; toleranceSeconds?: number; partner?: SigningParty },
): SignatureCheck {
  const parsed = request.header ? parseHeader(request.header) : undefined;
  if (!parsed || !request.idempotencyKey) {
    return {
      ok: false,
      reason: 'malformed',
      text: `the ${SIGNATURE_HEADER} header (t=<unix seconds>,${SIGNATURE_SCHEME}=<hex>) and the ${IDEMPOTENCY_HEADER} header are required`,
    };
  }
  const key = options.partner ? partnerSecret(secret, options.partner) : secret;
  const expected = Buffer.from(
    hmacHex(key, { timestamp: parsed.timestamp, idempotencyKey: request.idempotencyKey, body: request.body }),
    'hex',
  );
  const matches = parsed.signatures.some((given) => {
    const bytes = Buffer.from(given, 'hex');
    return bytes.length === expected.length && timingSafeEqual(bytes, expected);
  });
  if (!matches) {
    return {
      ok: false,
      reason: 'mismatch',
      text: 'signature does not match the timestamp, idempotency key and body',
    };
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(options.nowSeconds - parsed.timestamp) > tolerance) {
    return {
      ok: false,
      reason: 'expired',
      text: `the request was signed at ${parsed.timestamp}, more than ${tolerance} s from now (${options.nowSeconds})`,
    };
  }
  return { ok: true, timestamp: parsed.timestamp };
}

/**
 * A receiver's memory of the signed requests it accepted within the tolerance window, to refuse one
 * sent again. A request is identified by its idempotency key and timestamp: a captured request sent
 * again repeats both (and cannot change either without breaking the signature), while the hub signs
 * every attempt afresh and spaces the attempts of one document at least a second apart (so a
 * redelivery after a lost answer carries a new timestamp and is answered as a duplicate, not refused).
 * Entries older than the window are forgotten: by then verifyDelivery refuses the request as expired.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS) {}

  /** Records the request; false when the same one was accepted before (a replay). */
  firstUse(idempotencyKey: string, timestamp: number, nowSeconds: number): boolean {
    this.forgetBefore(nowSeconds - this.toleranceSeconds);
    const id = `${timestamp}.${idempotencyKey}`;
    if (this.seen.has(id)) return false;
    this.seen.set(id, timestamp);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  /**
   * Requests arrive in about the order they were signed, so the oldest entries are first: stop at
   * the first one still in the window (one a little out of order is forgotten a little later).
   */
  private forgetBefore(oldestKept: number): void {
    for (const [id, timestamp] of this.seen) {
      if (timestamp >= oldestKept) return;
      this.seen.delete(id);
    }
  }
}
