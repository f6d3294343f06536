import type { FindingCode, Severity } from '../rules/finding';
import type { CitizenCategory } from '../vocabulary/citizen-categories';
import type { IsoDate } from '../vocabulary/iso-date';
import type { Channel, MessageKind } from '../vocabulary/message-kinds';
import type { DirectoryPartyKind, PartyKind, PartyRef } from '../vocabulary/parties';
import type { RecommendationField } from '../vocabulary/recommendation-fields';

/**
 * An agreement as the engine uses it: loaded from one YAML file, validated, party groups expanded
 * and defaults filled in. See libs/agreements/README.md for the file format.
 */
export interface Agreement {
  readonly id: string;
  readonly title: LocalizedText;
  /** The source document, e.g. "seed 001". */
  readonly seed: string;
  /** A `draft` never rejects: an unsigned text binds no one to refuse delivery (seed 003 is a draft). */
  readonly status: AgreementStatus;
  /** The file it was loaded from (base name), for error messages and `describe`. */
  readonly sourceFile: string;
  /** Signatories with groups expanded. */
  readonly parties: readonly PartyRef[];
  /** Group ids the file referred to, for display. */
  readonly partyGroups: readonly string[];
  readonly validity: Validity;
  readonly covers: readonly CoverageRule[];
  readonly phases?: PhaseSplit;
  readonly targetGroups?: TargetGroupSpec;
  readonly recommendation?: RecommendationSpec;
  readonly targets: readonly ResponseTarget[];
  /** Finding code → severity, only the codes the file sets; the rest use the defaults. */
  readonly policy: Readonly<Partial<Record<FindingCode, Severity>>>;
  /** Finding code → the clause a finding cites under this agreement (when the rule has no own clause). */
  readonly findingClauses: Readonly<Partial<Record<FindingCode, string>>>;
  readonly notifications: { readonly digest: 'daily' | 'none' };
  readonly retention: { readonly exchangeLogMonths: number };
  readonly clauses: readonly Clause[];
}

export type AgreementStatus = 'signed' | 'draft';

export interface LocalizedText {
  readonly da: string;
  readonly en: string;
}

export interface Clause {
  readonly id: string;
  /** e.g. "seed 001, Tilbud". */
  readonly ref: string;
  /** A short quote of the Danish clause text. */
  readonly da: string;
  /** An English summary. */
  readonly en: string;
}

export interface Validity {
  readonly from: IsoDate;
  /** Inclusive; absent = open-ended. */
  readonly to?: IsoDate;
  readonly clauseId: string;
}

export interface CoverageRule {
  readonly kind: MessageKind;
  readonly from: readonly PartyKind[];
  readonly to: readonly PartyKind[];
  /** Channels the kind may arrive on; the kind's own channel when the file names none. */
  readonly channels: readonly Channel[];
  readonly clauseId: string;
  /** Clause cited by WRONG_CHANNEL; `clauseId` when the file names none. */
  readonly channelClauseId: string;
  /** The sender must own the unemployment phase on the exchange date (WRONG_PHASE). */
  readonly phaseBound: boolean;
  /** Also covers `to` → `from` (e.g. inquiries between a-kasse and jobcenter). */
  readonly bothWays: boolean;
}

/** Who owns the citizen's contact course when: the a-kasse for months 1..N, then the jobcenter. */
export interface PhaseSplit {
  readonly akasseUntilEndOfMonth: number;
  /** When the router knows the paid benefit hours, they decide instead of the month (law: ≈ 410). */
  readonly handoverAtBenefitHours?: number;
  readonly clauseId: string;
}

export interface TargetGroupSpec {
  readonly clauseId: string;
  readonly groups: readonly TargetGroup[];
}

/** A citizen is in the group when every stated condition holds. */
export interface TargetGroup {
  readonly id: string;
  readonly da: string;
  readonly en: string;
  readonly anyOfCategories?: readonly CitizenCategory[];
  readonly noneOfCategories: readonly CitizenCategory[];
  readonly minAge?: number;
  readonly maxAgeExclusive?: number;
}

export interface RecommendationSpec {
  readonly clauseId: string;
  readonly requiredFields: readonly RecommendationField[];
}

export type ResponsibleParty = 'sender' | 'receiver' | DirectoryPartyKind;

export type TargetDue =
  | { readonly type: 'working-days-after-exchange'; readonly workingDays: number }
  | { readonly type: 'calendar-days-before-handover'; readonly calendarDays: number }
  | { readonly type: 'working-days-before-handover'; readonly workingDays: number }
  /** Seed 002 §2.2: a placement is granted before activation starts (0 = by the start date itself). */
  | { readonly type: 'calendar-days-before-placement-start'; readonly calendarDays: number };

/** A measurable target: an exchange of a trigger kind makes an exchange of an expected kind due. */
export interface ResponseTarget {
  readonly id: string;
  readonly clauseId: string;
  readonly triggers: readonly MessageKind[];
  readonly expects: readonly MessageKind[];
  readonly responsible: ResponsibleParty;
  readonly due: TargetDue;
  /** The seed says "hurtigst muligt"; the number is the hub's configurable reading of it. */
  readonly asFastAsPossible: boolean;
  /** Only due if something else holds (e.g. the a-kasse assesses a risk), so the monitor shows it softly. */
  readonly conditional: boolean;
}

export interface PartyEntry {
  readonly kind: DirectoryPartyKind;
  readonly id: string;
  readonly name: string;
  /** Functional mailbox; `.example` addresses are invented placeholders, never to be mailed. */
  readonly email?: string;
  /** The Avro framing the partner's system uses; absent means the hub's own, single-object. */
  readonly framing?: 'single-object' | 'schema-registry';
  readonly sourceFile: string;
}

export interface PartyGroup {
  readonly id: string;
  readonly name: string;
  readonly members: readonly PartyRef[];
  readonly sourceFile: string;
}
