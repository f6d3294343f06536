import { createHash, timingSafeEqual } from 'node:crypto';

import type { PartyKind, PartyRef } from '@hub/contracts';

/** A party as the API sees it: `kind` and `id` as in the hub's events (e.g. akasse 3F, jobcenter 707). */
export type PartyKey = PartyRef;

const PARTNER_KINDS: readonly PartyKind[] = ['akasse', 'jobcenter', 'union', 'company', 'vitas', 'jobag'];

/** `akasse:3F` → the party; undefined when it is not `<kind>:<id>` with a partner kind. */
export function parseParty(text: string): PartyKey | undefined {
  const match = /^([a-z]+):([A-Za-z0-9-]+)$/.exec(text);
  const kind = PARTNER_KINDS.find((candidate) => candidate === match?.[1]);
  return kind && match ? { kind, id: match[2] } : undefined;
}

export interface PartnerApiKey {
  party: PartyKey;
  key: string;
}

/**
 * Parses a list of partners' API keys (`MONITOR_PARTNER_API_KEYS`, `INGRESS_PARTNER_API_KEYS`): `akasse:3F=<key>,jobcenter:707=<key>`. Returns every problem at
 * once (the config names them all) and never echoes a key back.
 */
export function parsePartnerApiKeys(text: string): { keys: PartnerApiKey[]; problems: string[] } {
  const keys: PartnerApiKey[] = [];
  const problems: string[] = [];
  const entries = text
    .split(/[,\s]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  for (const [index, entry] of entries.entries()) {
    const equals = entry.indexOf('=');
    const party = parseParty(equals > 0 ? entry.slice(0, equals) : '');
    const key = equals > 0 ? entry.slice(equals + 1) : '';
    if (!party) {
      problems.push(`entry ${index + 1} must be <kind>:<id>=<key>, e.g. akasse:3F=<key>`);
      continue;
    }
    if (key.length < 16) {
      problems.push(`the key of ${party.kind}:${party.id} must be at least 16 characters`);
      continue;
    }
    if (keys.some((known) => known.key === key)) {
      problems.push(`the key of ${party.kind}:${party.id} is also another partner's key`);
      continue;
    }
    keys.push({ party, key });
  }
  return { keys, problems };
}

/** SHA-256 of a key: what lookups compare, so a key's length and content never show in the timing. */
export const apiKeyDigest = (key: string): Buffer => createHash('sha256').update(key).digest();

/**
 * The entry whose key is `given`, comparing digests in constant time and visiting every entry, so
 * neither which entry matched nor how long a configured key is leaks through the response time.
 */
export function findByApiKey<T>(
  entries: readonly { digest: Buffer; value: T }[],
  given: string,
): T | undefined {
  const candidate = apiKeyDigest(given);
  let found: T | undefined;
  for (const entry of entries) {
    if (timingSafeEqual(candidate, entry.digest)) found ??= entry.value;
  }
  return found;
}
