import { apiKeyDigest, findByApiKey, PartnerApiKey, PartyKey } from '@hub/config';

export { parseParty, parsePartnerApiKeys } from '@hub/config';
export type { PartnerApiKey, PartyKey } from '@hub/config';

/** Who is calling: the hub's operator (every exchange) or one partner (only its own exchanges). */
export type Principal = { role: 'admin' } | { role: 'partner'; party: PartyKey };

/**
 * Tells who an `x-api-key` belongs to. Compares SHA-256 digests in constant time, so neither the
 * length nor the content of a configured key leaks through the response time.
 */
export class ApiKeyDirectory {
  private readonly entries: { digest: Buffer; value: Principal }[];

  constructor(adminKey: string, partnerKeys: readonly PartnerApiKey[]) {
    this.entries = [
      { digest: apiKeyDigest(adminKey), value: { role: 'admin' } },
      ...partnerKeys.map((entry) => ({
        digest: apiKeyDigest(entry.key),
        value: { role: 'partner', party: entry.party } as const,
      })),
    ];
  }

  principalFor(given: string | undefined): Principal | undefined {
    return given ? findByApiKey(this.entries, given) : undefined;
  }
}
