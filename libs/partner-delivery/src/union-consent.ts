import type { PartyRef, ReasonCode } from '@hub/contracts';

/** The dead-letter reason code of a union-bound message refused for want of the citizen's consent. */
export const UNION_CONSENT_MISSING = 'UNION_CONSENT_MISSING' satisfies ReasonCode;

/** What the consent check reads of a decoded partner message (union-bound kinds carry both fields). */
interface ConsentFields {
  citizen?: unknown;
  consentOnRecord?: unknown;
}

/**
 * Why a routed message may not be delivered to its receiver for want of consent, or null when it may.
 *
 * A union receives personal data about a citizen only with that citizen's consent on record. The
 * router already rejects such an exchange (rule UNION_CONSENT_MISSING, a legal floor no agreement
 * lowers); this is the union delivery's own check, so a message that reaches hub.outbound.union.v1
 * by any other way (a replayed dead letter, a router bug, a hand-published record) still never
 * leaves the hub. The agreements quote the law: seed 002 (002-viborg-lo-ftf.yaml, clause
 * "persondata"): "Udveksling af persondata mellem aftaleparterne sker efter den til enhver tid
 * gældende lovgivning på området"; seed 000 (000-hedensted-fh.yaml, clause "tavshedspligt"): the
 * parties "følger de gældende regler om tavshedspligt".
 *
 * As in the rule, a message about no citizen (a general inquiry: `citizen` null) holds no personal
 * data and needs no consent. A message about a citizen needs `consentOnRecord: true`; a kind that
 * does not carry the field at all has no consent on record.
 */
export function unionConsentRefusal(receiver: PartyRef, message: unknown): string | null {
  if (receiver.kind !== 'union') return null;
  const fields = (typeof message === 'object' && message !== null ? message : {}) as ConsentFields;
  if (fields.citizen === null || fields.citizen === undefined) return null;
  if (fields.consentOnRecord === true) return null;
  return (
    `not delivered to union ${receiver.id}: the message is about a citizen and the citizen's consent ` +
    `to involve the union is not on record (consentOnRecord is ${fields.consentOnRecord === false ? 'false' : 'missing'}); ` +
    'the sender must record the consent and send the message again'
  );
}
