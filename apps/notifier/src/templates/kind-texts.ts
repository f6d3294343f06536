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

export const KIND_TEXTS: Readonly<Record<string, KindText>> = {
  'beskedmodul.EarlyOfferRecommendation': {
    what: 'indstilling om tidligt tilbud',
    action:
      'Tag stilling til indstillingen (bevilling eller afslag) og meddel resultatet til borgeren og a-kassen.',
  },
  'beskedmodul.EarlyOfferDecision': {
    what: 'afgørelse på indstilling om tidligt tilbud',
    action: 'Orienter dig om afgørelsen.',
  },
  'beskedmodul.LongTermUnemploymentRiskNotice': {
    what: 'besked om risiko for langtidsledighed',
    action: 'Vurder sammen med a-kassen, hvilke initiativer der kan sættes i gang inden overgangen.',
  },
  'beskedmodul.Handover': {
    what: 'overlevering efter a-kasseperioden',
    action: 'Forbered den første jobsamtale i jobcentret.',
  },
  'beskedmodul.JointInterviewInvitation': {
    what: 'indkaldelse til fælles jobsamtale',
    action: 'Bekræft deltagelse i den fælles jobsamtale.',
  },
  'beskedmodul.ThreePartyMeetingRequest': {
    what: 'anmodning om trepartssamtale',
    action: 'Aftal tidspunkt for trepartssamtalen.',
  },
  'beskedmodul.AvailabilityQuestion': {
    what: 'spørgsmål om rådighed',
    neuter: true,
    action: 'Besvar spørgsmålet om rådighed.',
  },
  'beskedmodul.Inquiry': { what: 'henvendelse', action: 'Besvar henvendelsen.' },
  'beskedmodul.InquiryAnswer': { what: 'svar på henvendelse', action: 'Læs svaret.', neuter: true },
  'beskedmodul.AvailabilityAnswer': {
    what: 'svar om rådighed',
    neuter: true,
    action: 'Orienter dig om svaret, og tilpas tilbuddet, hvis det ikke lever op til rådighedsreglerne.',
  },
  'beskedmodul.JobClubReferral': {
    what: 'henvisning til jobklub',
    action: 'Registrér henvisningen under den aftalte budgetramme.',
  },
  'vitas.PlacementSubmitted': {
    what: 'ansøgning om virksomhedspraktik eller løntilskud',
    action: 'Behandl ansøgningen i VITAS, og bevilg den eller giv afslag.',
  },
  'vitas.PlacementPreApproved': {
    what: 'forhåndsgodkendelse af virksomhedsrettet tilbud',
    action: 'Orienter dig om forhåndsgodkendelsen og dens betingelser.',
  },
  'vitas.PlacementGranted': {
    what: 'bevilling af virksomhedsrettet tilbud',
    action: 'Orienter dig om bevillingen og startdatoen.',
  },
  'vitas.PlacementRefused': {
    what: 'afslag på virksomhedsrettet tilbud',
    neuter: true,
    action: 'Orienter dig om afslaget og begrundelsen.',
  },
  'vitas.PlacementStarted': {
    what: 'start af virksomhedsrettet tilbud',
    action: 'Følg op på forløbet, og tjek at det var bevilget, før det startede.',
  },
  'vitas.PlacementExtended': {
    what: 'forlængelse af virksomhedsrettet tilbud',
    action: 'Orienter dig om forlængelsen.',
  },
  'vitas.PlacementEnded': {
    what: 'afslutning af virksomhedsrettet tilbud',
    action: 'Registrér afslutningen, og følg op med borgeren.',
  },
  'vitas.PlacementCancelled': {
    what: 'annullering af virksomhedsrettet tilbud',
    action: 'Orienter dig om annulleringen.',
  },
  'jobag.JobOrderCreated': { what: 'jobordre', action: 'Se, om I har kandidater til jobordren.' },
  'jobag.JobOrderForwarded': {
    what: 'jobordre, som a-kassen ikke kan besætte',
    action: 'Behandl jobordren, og find kandidater.',
  },
  'jobag.JobOrderShared': {
    what: 'jobordre delt af jobcentret',
    action: 'Se, om I har kandidater; kontakt selv de kandidater, I finder.',
  },
  'jobag.JobOrderStatusChanged': {
    what: 'ny status på jobordre',
    action: 'Orienter dig om jobordrens status.',
  },
  'jobag.CandidateProposed': {
    what: 'kandidat foreslået til jobordre',
    action: 'Se kandidaten i jeres fagsystem, og følg op over for virksomheden.',
  },
  'jobag.CandidateHired': {
    what: 'ansættelse på jobordre',
    action: 'Registrér ansættelsen i jeres fagsystem.',
  },
};

export const DEFAULT_KIND_TEXT: KindText = { what: 'besked', action: 'Se beskeden i jeres fagsystem.' };
