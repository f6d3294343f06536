import { KIND_LABELS, type PartnerMessageKind } from '@hub/contracts';

/**
 * Danish (and English) words for what arrived and what the receiver must do, per message kind.
 * Texts name no person: the caseworker looks the message up by its reference in their own system.
 */
export interface KindText {
  what: string;
  action: string;
  /** A neuter noun takes "Nyt" in the subject (et svar, et afslag), a common one "Ny". */
  neuter?: true;
}

/** What the receiver of a kind must do, and the kind's gender for the subject line. */
type KindAction = Omit<KindText, 'what'>;

/**
 * Every partner message kind's action: typed by the contracts' own kinds, so a kind added to the
 * schemas does not build until it has one (before, a new kind silently got the default text). The
 * kind's name comes from KIND_LABELS, shared with the dashboard.
 */
const KIND_ACTIONS: Readonly<Record<PartnerMessageKind, KindAction>> = {
  'beskedmodul.EarlyOfferRecommendation': {
    action:
      'Tag stilling til indstillingen (bevilling eller afslag) og meddel resultatet til borgeren og a-kassen.',
  },
  'beskedmodul.EarlyOfferDecision': {
    action: 'Orienter dig om afgørelsen.',
  },
  'beskedmodul.LongTermUnemploymentRiskNotice': {
    action: 'Vurder sammen med a-kassen, hvilke initiativer der kan sættes i gang inden overgangen.',
  },
  'beskedmodul.Handover': {
    action: 'Forbered den første jobsamtale i jobcentret.',
  },
  'beskedmodul.JointInterviewInvitation': {
    action: 'Bekræft deltagelse i den fælles jobsamtale.',
  },
  'beskedmodul.ThreePartyMeetingRequest': {
    action: 'Aftal tidspunkt for trepartssamtalen.',
  },
  'beskedmodul.AvailabilityQuestion': {
    neuter: true,
    action: 'Besvar spørgsmålet om rådighed.',
  },
  'beskedmodul.Inquiry': { action: 'Besvar henvendelsen.' },
  'beskedmodul.InquiryAnswer': { action: 'Læs svaret.', neuter: true },
  'beskedmodul.AvailabilityAnswer': {
    neuter: true,
    action: 'Orienter dig om svaret, og tilpas tilbuddet, hvis det ikke lever op til rådighedsreglerne.',
  },
  'beskedmodul.JobClubReferral': {
    action: 'Registrér henvisningen under den aftalte budgetramme.',
  },
  'vitas.PlacementSubmitted': {
    action: 'Behandl ansøgningen i VITAS, og bevilg den eller giv afslag.',
  },
  'vitas.PlacementPreApproved': {
    action: 'Orienter dig om forhåndsgodkendelsen og dens betingelser.',
  },
  'vitas.PlacementGranted': {
    action: 'Orienter dig om bevillingen og startdatoen.',
  },
  'vitas.PlacementRefused': {
    neuter: true,
    action: 'Orienter dig om afslaget og begrundelsen.',
  },
  'vitas.PlacementStarted': {
    action: 'Følg op på forløbet, og tjek at det var bevilget, før det startede.',
  },
  'vitas.PlacementExtended': {
    action: 'Orienter dig om forlængelsen.',
  },
  'vitas.PlacementEnded': {
    action: 'Registrér afslutningen, og følg op med borgeren.',
  },
  'vitas.PlacementCancelled': {
    action: 'Orienter dig om annulleringen.',
  },
  'jobag.JobOrderCreated': { action: 'Se, om I har kandidater til jobordren.' },
  'jobag.JobOrderForwarded': {
    action: 'Behandl jobordren, og find kandidater.',
  },
  'jobag.JobOrderShared': {
    action: 'Se, om I har kandidater; kontakt selv de kandidater, I finder.',
  },
  'jobag.JobOrderStatusChanged': {
    action: 'Orienter dig om jobordrens status.',
  },
  'jobag.CandidateProposed': {
    action: 'Se kandidaten i jeres fagsystem, og følg op over for virksomheden.',
  },
  'jobag.CandidateHired': {
    action: 'Registrér ansættelsen i jeres fagsystem.',
  },
};

export const DEFAULT_KIND_TEXT: KindText = { what: 'besked', action: 'Se beskeden i jeres fagsystem.' };

export const KIND_TEXTS = Object.fromEntries(
  Object.entries(KIND_ACTIONS).map(([kind, action]) => [
    kind,
    { what: KIND_LABELS[kind as PartnerMessageKind].da, ...action },
  ]),
) as Readonly<Record<PartnerMessageKind, KindText>>;

/** The texts of a kind named by an event (a string on the wire), if the hub knows the kind. */
export function kindTextOf(kind: string): KindText | undefined {
  return Object.prototype.hasOwnProperty.call(KIND_TEXTS, kind)
    ? KIND_TEXTS[kind as PartnerMessageKind]
    : undefined;
}
