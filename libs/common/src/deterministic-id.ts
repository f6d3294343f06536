import { hash } from 'node:crypto';

/**
 * A name-based UUID (RFC 4122 version 5 layout, SHA-1) from the given parts. The hub derives every
 * id it mints - routing ids, event ids, mail ids - from what they are about, so that doing the same
 * work twice (a redelivery, a replay) yields the same id and the consumers' idempotency catches it.
 */
export function deterministicUuid(...parts: string[]): string {
  // One-shot hashing: a Hash object per id was a visible share of the router's CPU.
  const digest = hash('sha1', parts.join('\u001f'), 'buffer');
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  const hex = digest.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
