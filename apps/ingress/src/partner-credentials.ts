import { apiKeyDigest, findByApiKey, PartnerApiKey, parseParty } from '@hub/config';
import type { PartyRef } from '@hub/contracts';

import { Refusal } from './submission';

/** The header a partner's API key comes in (as on the monitor's API). */
export const API_KEY_HEADER = 'x-api-key';

/** What TLS established about the caller's client certificate, if it gave one. */
export interface ClientCertificate {
  /** The certificate chains to the configured client CA and is valid now. */
  authorized: boolean;
  /** Its subject's common name: the partner, written `<kind>:<id>` (e.g. `akasse:3F`). */
  commonName: string | undefined;
}

const same = (a: PartyRef, b: PartyRef): boolean => a.kind === b.kind && a.id === b.id;

/**
 * Who is sending: the partner an API key was issued to, or the partner a client certificate names.
 * Either stands for exactly one partner, the same one its inbound topics stand for, and nobody else:
 * what the ingress publishes goes to that partner's topics only. Given both, they must agree.
 */
export class PartnerCredentials {
  private readonly keys: { digest: Buffer; value: PartyRef }[];

  constructor(
    keys: readonly PartnerApiKey[],
    /** The partners the agreements know (only they have inbound topics). */
    private readonly knownPartners: readonly PartyRef[],
  ) {
    const unknown = keys.filter((entry) => !knownPartners.some((partner) => same(partner, entry.party)));
    if (unknown.length > 0) {
      throw new Error(
        `INGRESS_PARTNER_API_KEYS names partners the agreements do not know: ${unknown
          .map((entry) => `${entry.party.kind}:${entry.party.id}`)
          .join(', ')}`,
      );
    }
    this.keys = keys.map((entry) => ({ digest: apiKeyDigest(entry.key), value: entry.party }));
  }

  partnerFor(apiKey: string | undefined, certificate: ClientCertificate | undefined): PartyRef {
    const byKey = apiKey ? findByApiKey(this.keys, apiKey) : undefined;
    if (apiKey && !byKey)
      throw new Refusal(401, 'UNAUTHENTICATED', `the ${API_KEY_HEADER} is not a partner's key`);
    const byCertificate = this.partnerOfCertificate(certificate);
    if (byKey && byCertificate && !same(byKey, byCertificate)) {
      throw new Refusal(
        403,
        'CREDENTIALS_DISAGREE',
        `the ${API_KEY_HEADER} is ${byKey.kind}:${byKey.id}'s, the client certificate ${byCertificate.kind}:${byCertificate.id}'s`,
      );
    }
    const partner = byKey ?? byCertificate;
    if (!partner) {
      throw new Refusal(
        401,
        'UNAUTHENTICATED',
        `send the partner's API key in the ${API_KEY_HEADER} header, or a client certificate the hub issued`,
      );
    }
    return partner;
  }

  private partnerOfCertificate(certificate: ClientCertificate | undefined): PartyRef | undefined {
    if (!certificate?.commonName) return undefined;
    if (!certificate.authorized) {
      throw new Refusal(
        401,
        'UNAUTHENTICATED',
        'the client certificate is not one the hub issued, or not valid now',
      );
    }
    const party = parseParty(certificate.commonName);
    const known = party && this.knownPartners.find((partner) => same(partner, party));
    if (!known) {
      throw new Refusal(
        403,
        'UNKNOWN_SENDER',
        'the client certificate names no partner the hub knows (its subject CN is <kind>:<id>, e.g. akasse:3F)',
      );
    }
    return known;
  }
}
