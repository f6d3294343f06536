import type { Agreement } from '../catalog/agreement';
import { MESSAGE_KIND_INFO, type MessageKind } from '../vocabulary/message-kinds';
import { type FindingCode, type Severity, type SeverityBasis, severityRank } from './finding';
import { FINDING_DEFINITIONS } from './finding-definitions';

/**
 * The severity of a finding, in this order:
 *  1. the default of the finding code (finding-definitions.ts);
 *  2. the policy of the agreement the finding is about, if it sets the code;
 *  3. a draft agreement never rejects — an unsigned text binds no one to refuse delivery (seed 003
 *     is "UDKAST");
 *  4. the law, last, because no agreement can override it (seed 000, Aftalens rammer):
 *     - a statutory exchange is never rejected because its voluntary agreement is not in force
 *       ("Aftalen kan ophæves ... Dog ikke på de lovbestemte samarbejdsområder");
 *     - a finding with a legal floor (consent) is never lowered below it.
 */
export function resolveSeverity(
  code: FindingCode,
  agreement: Agreement | undefined,
  kind: MessageKind,
): { readonly severity: Severity; readonly basis: SeverityBasis } {
  const definition = FINDING_DEFINITIONS[code];
  let severity: Severity = definition.defaultSeverity;
  let basis: SeverityBasis = 'default';
  const policy = agreement?.policy[code];
  if (policy !== undefined) {
    severity = policy;
    basis = 'agreement-policy';
  }
  if (agreement?.status === 'draft' && severity === 'reject') {
    severity = 'deliver_and_flag';
    basis = 'draft-agreement';
  }
  if (code === 'NO_AGREEMENT_IN_FORCE' && MESSAGE_KIND_INFO[kind].statutory && severity === 'reject') {
    severity = 'deliver_and_flag';
    basis = 'law';
  }
  const floor = definition.legalFloor;
  if (floor !== undefined && severityRank(severity) < severityRank(floor)) {
    severity = floor;
    basis = 'law';
  }
  return { severity, basis };
}

/** The severity each code gets under an agreement, for `describe` and the docs. */
export function effectivePolicy(
  agreement: Agreement | undefined,
): Readonly<Record<FindingCode, { readonly severity: Severity; readonly basis: SeverityBasis }>> {
  // A non-statutory kind shows the policy as written; the statutory cap is per exchange.
  const sample: MessageKind = 'beskedmodul.Inquiry';
  const entries = (Object.keys(FINDING_DEFINITIONS) as FindingCode[]).map(
    (code) => [code, resolveSeverity(code, agreement, sample)] as const,
  );
  return Object.fromEntries(entries) as Record<FindingCode, { severity: Severity; basis: SeverityBasis }>;
}
