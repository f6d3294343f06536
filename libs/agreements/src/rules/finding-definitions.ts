import type { FindingCode, Severity } from './finding';

/**
 * A clause the engine can cite. Agreement clauses come from the YAML files; the law references
 * below are used when a finding rests on the law and the governing agreement names no clause for it.
 */
export interface ClauseCitation {
  readonly id: string;
  readonly ref: string;
}

export interface FindingDefinition {
  /** The severity when the agreement's policy says nothing. */
  readonly defaultSeverity: Severity;
  /**
   * `coverage`: about whether an agreement applies at all; `agreement`: checks a term of the
   * governing agreement and runs only when one is in force; `law`: checks the law, always runs;
   * `hub`: about the hub's own evidence (when it received the message), always runs.
   */
  readonly basis: 'coverage' | 'agreement' | 'law' | 'hub';
  /** Lowest severity an agreement may set: the agreement cannot override the law (seed 000). */
  readonly legalFloor?: Severity;
  /** Cited when no agreement clause is named for the finding. */
  readonly lawCitation?: ClauseCitation;
  readonly titleEn: string;
  /** Why the default is what it is; rendered into the README table and `describe` output. */
  readonly whyDefault: string;
}

export const LAW_CITATIONS = {
  placementApproval: {
    id: 'law:placement-approval',
    ref: 'law: a placement or wage-subsidy job may not start before the jobcenter has granted it (VITAS)',
  },
  ratioRule: {
    id: 'law:ratio-rule',
    ref: 'law: ratio rule (rimelighedskravet) — at most 1 per 5 ordinary staff (at least 1) up to 50, then 1 per 10, per P-number',
  },
  unionConsent: {
    id: 'law:union-consent',
    ref: 'law: data protection — a-kasse/jobcenter exchange with a union about a person needs the person’s consent',
  },
  noAgreement: {
    id: 'law:no-agreement',
    ref: 'no agreement: the exchange is outside every agreement in the catalog',
  },
  receivedTime: {
    id: 'hub:received-time',
    ref: "hub: time is judged on when the hub received the message (its inbound topic's broker time); the sender's claimed time (envelope.queuedAt) is kept",
  },
} as const satisfies Record<string, ClauseCitation>;

export const FINDING_DEFINITIONS: Readonly<Record<FindingCode, FindingDefinition>> = {
  NO_AGREEMENT_IN_FORCE: {
    defaultSeverity: 'deliver_and_flag',
    basis: 'coverage',
    titleEn: 'An agreement covers these parties and this kind, but not on this date',
    whyDefault:
      'Delivered and flagged: seed 000 — the agreement cannot override the law, and statutory exchanges are never blocked because a voluntary agreement lapsed. A policy may set reject, which then applies to non-statutory kinds only.',
  },
  OUTSIDE_ANY_AGREEMENT: {
    defaultSeverity: 'note',
    basis: 'coverage',
    lawCitation: LAW_CITATIONS.noAgreement,
    titleEn: 'No agreement in the catalog covers these parties and this kind',
    whyDefault: 'A note: most traffic (e.g. VITAS in a municipality without agreements) needs no agreement.',
  },
  WRONG_CHANNEL: {
    defaultSeverity: 'reject',
    basis: 'agreement',
    titleEn: 'Arrived on a channel the agreement does not allow for this kind',
    whyDefault:
      'Rejected so the sender resends it the agreed way: seed 001 — "Der er kun én vej til at afgive indstilling til tilbud" (beskedmodul) and job orders "skal ske via JobAG".',
  },
  WRONG_PHASE: {
    defaultSeverity: 'deliver_and_flag',
    basis: 'agreement',
    titleEn: 'Sent by a party in a phase that belongs to the other party',
    whyDefault:
      'Delivered and flagged: the citizen must not lose the exchange over who should have sent it; seed 001 (months 1–3 a-kasse, 4–6 jobcenter), seed 003 (a-kasse until the end of month 6).',
  },
  OUTSIDE_TARGET_GROUP: {
    defaultSeverity: 'deliver_and_flag',
    basis: 'agreement',
    titleEn: 'The citizen is outside the agreement’s target group',
    whyDefault:
      'Delivered and flagged: the exchange may still be lawful outside the agreement; seed 003 — under-30s excluded "som udgangspunkt", seed 002 §1.2 target groups.',
  },
  RECOMMENDATION_INCOMPLETE: {
    defaultSeverity: 'reject',
    basis: 'agreement',
    titleEn: 'A recommendation of an early offer lacks a required field',
    whyDefault:
      'Rejected so the a-kasse completes and resends it: seed 001 — the jobcenter "skal ... som minimum have oplysninger om" the listed fields and cannot decide without them.',
  },
  RISK_NOTICE_LATE: {
    defaultSeverity: 'deliver_and_flag',
    basis: 'agreement',
    titleEn: 'Risk notice sent later than the agreed days before the handover',
    whyDefault:
      'Delivered and flagged: a late warning is better than none; seed 001 — "gerne 14 dage inden overgangen".',
  },
  RESPONSE_LATE: {
    defaultSeverity: 'deliver_and_flag',
    basis: 'agreement',
    titleEn: 'An answer or decision arrived after the agreement’s response-time target',
    whyDefault:
      'Delivered and flagged: timeliness is measured, not enforced; seed 001 "hurtigst muligt", seed 004 "rettidighed så tæt på 100 % som muligt".',
  },
  PLACEMENT_STARTED_BEFORE_GRANT: {
    defaultSeverity: 'deliver_and_flag',
    basis: 'law',
    lawCitation: LAW_CITATIONS.placementApproval,
    titleEn: 'A placement started before it was granted',
    whyDefault:
      'Delivered and flagged: the start has already happened and the jobcenter must see it; seed 002 §2.2 — "igangsættes aktiveringen først når plaseringen er indberettet via VITAS".',
  },
  RATIO_RULE_EXCEEDED: {
    defaultSeverity: 'deliver_and_flag',
    basis: 'law',
    lawCitation: LAW_CITATIONS.ratioRule,
    titleEn: 'The ratio rule between ordinary staff and people in activation is exceeded at the P-number',
    whyDefault:
      'Delivered and flagged: the jobcenter decides the grant and needs the application to do so; seed 002 §2.2 — the ratio "er overholdt" before activation starts.',
  },
  UNION_CONSENT_MISSING: {
    defaultSeverity: 'reject',
    basis: 'law',
    legalFloor: 'reject',
    lawCitation: LAW_CITATIONS.unionConsent,
    titleEn: 'Exchange with a union about a person without that person’s consent on record',
    whyDefault:
      'Rejected, and no agreement may lower it: personal data may not reach a union without consent; seed 000 "følger de gældende regler om tavshedspligt", seed 002 §4.',
  },
  CLAIMED_TIME_DIVERGES: {
    defaultSeverity: 'deliver_and_flag',
    basis: 'hub',
    lawCitation: LAW_CITATIONS.receivedTime,
    titleEn: 'The time the sender claims to have sent the message is far from when the hub received it',
    whyDefault:
      'Delivered and flagged: the hub already judged the exchange on its own time, so the claim changes no verdict, but a backdated (or future) claim is shown; a clock fault must not cost the citizen the exchange. An agreement\'s policy may set it, e.g. reject for a partner that backdates (seed 001 "svare tilbage på henvendelser hurtigst muligt" is measured on the hub\'s time).',
  },
};
