import type { CitizenCategory } from '../vocabulary/citizen-categories';
import type { IsoDate } from '../vocabulary/iso-date';
import type { Channel, MessageKind, PlacementKind } from '../vocabulary/message-kinds';
import type { PartyRef } from '../vocabulary/parties';

/**
 * What the rules engine judges: one exchange between parties, with the facts the router extracted
 * from the decoded message. It knows nothing of Avro or Kafka, and it carries no CPR number and no
 * names of citizens — the rules never need them, so judgements and their logs stay free of them.
 */
export type Exchange = RecommendationExchange | RiskNoticeExchange | PlacementExchange | GeneralExchange;

interface ExchangeBase<K extends MessageKind> {
  /** The message id (a GUID on the shared data platform); echoed in expectations. */
  readonly id: string;
  readonly kind: K;
  /** The channel the message actually arrived on; may differ from the kind's own channel. */
  readonly channel: Channel;
  readonly sender: PartyRef;
  readonly receivers: readonly PartyRef[];
  /** The exchange date, a Danish local date. */
  readonly date: IsoDate;
  /** Present whenever the message is about a person; absent for e.g. a job order with no candidate. */
  readonly citizen?: CitizenFacts;
  /** For an answer or decision: the exchange it answers, so response-time targets can be checked. */
  readonly inReplyTo?: ReplyReference;
  /**
   * When `date` is the day the hub received the message (not the day the sender claims): how far
   * the sender's claimed time is from the hub's. Absent when the exchange is judged on the claim.
   */
  readonly claimedTime?: ClaimedTimeFacts;
}

export interface ClaimedTimeFacts {
  /**
   * How long the claimed time (envelope.queuedAt) lies before the time the hub received the message,
   * in milliseconds: positive when backdated, negative when from the future; null when it is no time.
   */
  readonly millisecondsBeforeReceipt: number | null;
  /** How far apart the two may be before it is a finding (the hub's setting, for clock skew). */
  readonly toleranceMinutes: number;
}

export interface CitizenFacts {
  readonly birthDate?: IsoDate;
  /** Age in full years on the exchange date, when the router knows it but not the birth date. */
  readonly age?: number;
  /** Every category that applies, when the router knows them all: one not listed does not apply. */
  readonly categories?: readonly CitizenCategory[];
  /**
   * Category by category, what the sender stated (CitizenRef.circumstances): true applies, false
   * does not, absent is unknown. Used for a category `categories` does not settle.
   */
  readonly circumstances?: Readonly<Partial<Record<CitizenCategory, boolean>>>;
  readonly unemployment?: UnemploymentFacts;
  /**
   * Whether the citizen's consent to exchange with the union involved is on record. Only asked
   * when a union is a party to the exchange; `undefined` means "not on record".
   */
  readonly unionConsentOnRecord?: boolean;
}

export interface UnemploymentFacts {
  /** First day of (full) unemployment; month 1 starts here. */
  readonly startDate?: IsoDate;
  /** Benefit hours paid so far; the law hands over at about 410 hours (≈ month 4). */
  readonly benefitHoursPaid?: number;
}

export interface ReplyReference {
  readonly exchangeId: string;
  readonly kind: MessageKind;
  readonly date: IsoDate;
}

/** F1, seed 001 "Oplysninger til indstilling". */
export type RecommendationExchange = ExchangeBase<'beskedmodul.EarlyOfferRecommendation'> & {
  readonly recommendation: RecommendationFacts;
};

/** Offers under the rules; price and course title are only required for courses and education. */
export const OFFER_TYPES = [
  'guidance',
  'course',
  'education',
  'work-placement',
  'wage-subsidy',
  'other',
] as const;
export type OfferType = (typeof OFFER_TYPES)[number];

export interface RecommendationFacts {
  readonly offerType?: OfferType;
  /** "hvis uddannelse = titel på kursus/uddannelse". */
  readonly courseTitle?: string;
  readonly startDate?: IsoDate;
  readonly endDate?: IsoDate;
  readonly weeklyHours?: number;
  /** "Pris (hvis kursus eller uddannelse)", in DKK. */
  readonly priceDkk?: number;
  readonly provider?: {
    readonly name?: string;
    readonly address?: string;
    readonly email?: string;
    readonly phone?: string;
    readonly contactPerson?: string;
  };
  /** How the offer is the fastest way to a job and/or improves future job chances. */
  readonly justification?: string;
  /** The citizen's own motivation, including any wish to change trade. */
  readonly motivation?: string;
  /** The recommending caseworker at the a-kasse. */
  readonly caseworker?: { readonly name?: string; readonly email?: string; readonly phone?: string };
}

/** F2, seed 001 "A-kassens vurdering af den lediges risiko for langtidsledighed". */
export type RiskNoticeExchange = ExchangeBase<'beskedmodul.LongTermUnemploymentRiskNotice'> & {
  readonly riskNotice: RiskNoticeFacts;
};

export interface RiskNoticeFacts {
  /** When absent, derived from the unemployment start date and the agreement's phase split. */
  readonly plannedHandoverDate?: IsoDate;
}

/** F4, VITAS. */
export type PlacementExchange = ExchangeBase<PlacementKind> & {
  readonly placement: PlacementFacts;
};

export const GRANT_STATES = ['not-granted', 'pre-approved', 'granted', 'refused', 'unknown'] as const;
export type GrantState = (typeof GRANT_STATES)[number];

export interface PlacementFacts {
  readonly placementType?: 'work-placement' | 'wage-subsidy';
  /** The grant state known from the message (or the case) at the time of the exchange. */
  readonly grantState: GrantState;
  readonly grantedOn?: IsoDate;
  readonly startDate?: IsoDate;
  /** 10-digit P-number of the workplace; the ratio rule counts per P-number. */
  readonly pNumber?: string;
  readonly ordinaryStaffAtPNumber?: number;
  /** People already in placement or wage subsidy at the P-number, not counting this one. */
  readonly otherPlacementsAtPNumber?: number;
}

export type GeneralExchange = ExchangeBase<
  Exclude<
    MessageKind,
    'beskedmodul.EarlyOfferRecommendation' | 'beskedmodul.LongTermUnemploymentRiskNotice' | PlacementKind
  >
>;
