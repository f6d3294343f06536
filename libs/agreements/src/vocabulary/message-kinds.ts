import type { Channel, PartnerMessageKind } from '@hub/contracts';

/**
 * The team's shared vocabulary for channels and message kinds (`<channel>.<RecordName>`).
 *
 * `statutory` says whether the law itself requires or provides for the exchange, independent of
 * any voluntary agreement. It matters for one rule only: seed 000 (Aftalens rammer) says "Aftalen
 * kan ikke tilsidesætte gældende lovgivning" and "Aftalen kan ophæves af begge parter. Dog ikke på
 * de lovbestemte samarbejdsområder" — so a statutory exchange is never rejected because the
 * agreement that used to cover it has lapsed (it is delivered and flagged instead).
 */
export const CHANNELS = ['beskedmodul', 'vitas', 'jobag'] as const satisfies readonly Channel[];
/** Compile-time proof that CHANNELS lists every channel the contracts know. */
const everyChannelListed: Exclude<Channel, (typeof CHANNELS)[number]> extends never ? true : never = true;
void everyChannelListed;
export type { Channel };

/** A partner's message kind, as the contracts (the Avro schemas) define it. */
export type MessageKind = PartnerMessageKind;

export type PlacementKind = Extract<MessageKind, `vitas.${string}`>;

/**
 * What the law says about a kind, the one thing about a kind the rules need beyond the exchange's
 * facts. Everything else the hub knows about a kind is in its file in libs/kinds/src/<channel>/.
 */
export interface MessageKindInfo {
  readonly statutory: boolean;
  /** Why it is (or is not) statutory, for the docs and the `describe` output. */
  readonly basis: string;
}

const F1_LAW = 'law: simplified contact course from 2024 — the a-kasse recommends, the jobcenter decides';
const VITAS_LAW = 'law: placements and wage subsidy are granted by the jobcenter in VITAS';
const JOBAG_LAW = 'law: data order § 137 — case systems must receive job orders and their status';
const AGREEMENT_ONLY = 'agreement only: no statutory duty to send it';

export const MESSAGE_KIND_INFO: Readonly<Record<MessageKind, MessageKindInfo>> = {
  'beskedmodul.EarlyOfferRecommendation': { statutory: true, basis: F1_LAW },
  'beskedmodul.EarlyOfferDecision': { statutory: true, basis: F1_LAW },
  // docs/domain.md, The law around the agreements: "The 14-day risk notice in seed 001 is a local agreement term, not law".
  'beskedmodul.LongTermUnemploymentRiskNotice': { statutory: false, basis: AGREEMENT_ONLY },
  'beskedmodul.Handover': {
    statutory: true,
    basis:
      'law: responsibility passes from the a-kasse to the jobcenter (≈ month 4, about 410 benefit hours)',
  },
  'beskedmodul.JointInterviewInvitation': {
    statutory: true,
    basis: 'law: the a-kasse takes part in joint interviews with the jobcenter',
  },
  'beskedmodul.JointInterviewAnswer': {
    statutory: true,
    basis: 'law: the a-kasse takes part in joint interviews with the jobcenter',
  },
  'beskedmodul.ThreePartyMeetingRequest': { statutory: false, basis: AGREEMENT_ONLY },
  'beskedmodul.AvailabilityQuestion': {
    statutory: true,
    basis: 'law: the a-kasse assesses availability for work (rådighed)',
  },
  'beskedmodul.AvailabilityAnswer': {
    statutory: true,
    basis: 'law: the a-kasse assesses availability for work (rådighed)',
  },
  'beskedmodul.JobClubReferral': { statutory: false, basis: AGREEMENT_ONLY },
  'beskedmodul.Inquiry': { statutory: false, basis: AGREEMENT_ONLY },
  'beskedmodul.InquiryAnswer': { statutory: false, basis: AGREEMENT_ONLY },
  'vitas.PlacementSubmitted': { statutory: true, basis: VITAS_LAW },
  'vitas.PlacementPreApproved': { statutory: true, basis: VITAS_LAW },
  'vitas.PlacementGranted': { statutory: true, basis: VITAS_LAW },
  'vitas.PlacementRefused': { statutory: true, basis: VITAS_LAW },
  'vitas.PlacementStarted': { statutory: true, basis: VITAS_LAW },
  'vitas.PlacementExtended': { statutory: true, basis: VITAS_LAW },
  'vitas.PlacementEnded': { statutory: true, basis: VITAS_LAW },
  'vitas.PlacementCancelled': { statutory: true, basis: VITAS_LAW },
  'jobag.JobOrderCreated': { statutory: true, basis: JOBAG_LAW },
  'jobag.JobOrderForwarded': { statutory: true, basis: JOBAG_LAW },
  'jobag.JobOrderShared': { statutory: true, basis: JOBAG_LAW },
  'jobag.JobOrderStatusChanged': { statutory: true, basis: JOBAG_LAW },
  'jobag.CandidateProposed': { statutory: true, basis: JOBAG_LAW },
  'jobag.CandidateHired': { statutory: true, basis: JOBAG_LAW },
};

/**
 * Every partner message kind, in the order above. MESSAGE_KIND_INFO is typed by the contracts' kinds,
 * so a kind added to the schemas does not build until it is described here, and no second list exists.
 */
export const MESSAGE_KINDS = Object.keys(MESSAGE_KIND_INFO) as [MessageKind, ...MessageKind[]];

const KIND_SET: ReadonlySet<string> = new Set(MESSAGE_KINDS);

export function isMessageKind(value: string): value is MessageKind {
  return KIND_SET.has(value);
}
