import type { PartnerMessageKind } from '../hub-codec';

/** What a message kind is called, in Danish (as a caseworker says it, lower case) and in English. */
export interface KindLabel {
  da: string;
  en: string;
}

/**
 * Every partner message kind's name, in one place for the mails (notifier), the dashboard (monitor)
 * and anything else that shows a kind to a person. Typed by the contracts' own kinds: a kind added to
 * the schemas does not build until it has its names.
 */
export const KIND_LABELS: Readonly<Record<PartnerMessageKind, KindLabel>> = {
  'beskedmodul.EarlyOfferRecommendation': {
    da: 'indstilling om tidligt tilbud',
    en: 'early-offer recommendation',
  },
  'beskedmodul.EarlyOfferDecision': {
    da: 'afgørelse på indstilling om tidligt tilbud',
    en: 'decision on an early-offer recommendation',
  },
  'beskedmodul.LongTermUnemploymentRiskNotice': {
    da: 'besked om risiko for langtidsledighed',
    en: 'long-term unemployment risk notice',
  },
  'beskedmodul.Handover': {
    da: 'overlevering efter a-kasseperioden',
    en: 'handover after the a-kasse period',
  },
  'beskedmodul.JointInterviewInvitation': {
    da: 'indkaldelse til fælles jobsamtale',
    en: 'invitation to a joint job interview',
  },
  'beskedmodul.ThreePartyMeetingRequest': {
    da: 'anmodning om trepartssamtale',
    en: 'request for a three-party meeting',
  },
  'beskedmodul.AvailabilityQuestion': { da: 'spørgsmål om rådighed', en: 'availability question' },
  'beskedmodul.Inquiry': { da: 'henvendelse', en: 'inquiry' },
  'beskedmodul.InquiryAnswer': { da: 'svar på henvendelse', en: 'answer to an inquiry' },
  'beskedmodul.AvailabilityAnswer': { da: 'svar om rådighed', en: 'availability answer' },
  'beskedmodul.JobClubReferral': { da: 'henvisning til jobklub', en: 'job club referral' },
  'vitas.PlacementSubmitted': {
    da: 'ansøgning om virksomhedspraktik eller løntilskud',
    en: 'application for a work placement or wage subsidy',
  },
  'vitas.PlacementPreApproved': {
    da: 'forhåndsgodkendelse af virksomhedsrettet tilbud',
    en: 'pre-approval of a placement',
  },
  'vitas.PlacementGranted': { da: 'bevilling af virksomhedsrettet tilbud', en: 'placement granted' },
  'vitas.PlacementRefused': { da: 'afslag på virksomhedsrettet tilbud', en: 'placement refused' },
  'vitas.PlacementStarted': { da: 'start af virksomhedsrettet tilbud', en: 'placement started' },
  'vitas.PlacementExtended': { da: 'forlængelse af virksomhedsrettet tilbud', en: 'placement extended' },
  'vitas.PlacementEnded': { da: 'afslutning af virksomhedsrettet tilbud', en: 'placement ended' },
  'vitas.PlacementCancelled': { da: 'annullering af virksomhedsrettet tilbud', en: 'placement cancelled' },
  'jobag.JobOrderCreated': { da: 'jobordre', en: 'job order' },
  'jobag.JobOrderForwarded': {
    da: 'jobordre, som a-kassen ikke kan besætte',
    en: 'job order the a-kasse cannot fill',
  },
  'jobag.JobOrderShared': { da: 'jobordre delt af jobcentret', en: 'job order shared by the job centre' },
  'jobag.JobOrderStatusChanged': { da: 'ny status på jobordre', en: 'job order status changed' },
  'jobag.CandidateProposed': {
    da: 'kandidat foreslået til jobordre',
    en: 'candidate proposed for a job order',
  },
  'jobag.CandidateHired': { da: 'ansættelse på jobordre', en: 'hire on a job order' },
};
