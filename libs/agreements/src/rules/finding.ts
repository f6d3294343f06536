import type { Severity, Verdict } from '@hub/contracts';

/**
 * Findings: what the rules engine says about an exchange. The codes are stable — the exchange log,
 * the monitor and the e-mails key on them — so never rename one; add a new code instead.
 */
export const FINDING_CODES = [
  'NO_AGREEMENT_IN_FORCE',
  'OUTSIDE_ANY_AGREEMENT',
  'WRONG_CHANNEL',
  'WRONG_PHASE',
  'OUTSIDE_TARGET_GROUP',
  'RECOMMENDATION_INCOMPLETE',
  'RISK_NOTICE_LATE',
  'RESPONSE_LATE',
  'PLACEMENT_STARTED_BEFORE_GRANT',
  'RATIO_RULE_EXCEEDED',
  'UNION_CONSENT_MISSING',
  'CLAIMED_TIME_DIVERGES',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

/**
 * `reject`: not delivered; `deliver_and_flag`: delivered, and shown as a deviation; `note`: recorded
 * only. The contracts' own words (the Avro enums Finding.severity and ExchangeRouted.verdict), so a
 * finding goes on the wire as the rules wrote it; here in rank order, least severe first.
 */
export const SEVERITIES = ['note', 'deliver_and_flag', 'reject'] as const satisfies readonly Severity[];
export type { Severity, Verdict };
/** Compile-time proof that SEVERITIES ranks every severity the contracts know. */
const everySeverityRanked: Exclude<Severity, (typeof SEVERITIES)[number]> extends never ? true : never = true;
void everySeverityRanked;

/** Where a finding's final severity came from, so a reader can tell policy from law. */
export type SeverityBasis = 'default' | 'agreement-policy' | 'draft-agreement' | 'law';

export type FindingDetailValue = string | number | boolean | readonly string[];
export type FindingDetails = Readonly<Record<string, FindingDetailValue>>;

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly severityBasis: SeverityBasis;
  /** The agreement the finding is about (for NO_AGREEMENT_IN_FORCE: the one that is not in force). */
  readonly agreementId?: string;
  /** Clause id within the agreement, or a `law:` id when the finding rests on the law alone. */
  readonly clauseId: string;
  /** Human reference to the clause, e.g. "seed 001, Tilbud". */
  readonly clauseRef: string;
  readonly messageDa: string;
  readonly messageEn: string;
  readonly details?: FindingDetails;
}

export interface Judgement {
  readonly exchangeId: string;
  /** The agreement (and the clause of it) that governs the exchange, when one is in force. */
  readonly agreement?: { readonly id: string; readonly clauseId: string; readonly clauseRef: string };
  readonly findings: readonly Finding[];
  readonly verdict: Verdict;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

export function minSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) <= severityRank(b) ? a : b;
}

export function verdictOf(findings: readonly Finding[]): Verdict {
  const worst = findings.reduce<Severity>((acc, f) => maxSeverity(acc, f.severity), 'note');
  switch (worst) {
    case 'reject':
      return 'reject';
    case 'deliver_and_flag':
      return 'deliver_and_flag';
    case 'note':
      return 'deliver';
  }
}
