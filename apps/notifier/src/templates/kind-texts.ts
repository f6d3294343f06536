/**
 * Danish (and English) words for what arrived and what the receiver must do, per message kind.
 * Texts name no person: the caseworker looks the message up by its reference in their own system.
 */
export interface KindText {
  what: string;
  action: string;
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
    action: 'Besvar spørgsmålet om rådighed.',
  },
  'beskedmodul.Inquiry': { what: 'henvendelse', action: 'Besvar henvendelsen.' },
};

export const DEFAULT_KIND_TEXT: KindText = { what: 'besked', action: 'Se beskeden i jeres fagsystem.' };
