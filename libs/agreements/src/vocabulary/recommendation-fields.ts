/**
 * The information a recommendation of an early offer can carry — seed 001, "Oplysninger til
 * indstilling". An agreement lists which of them it requires; `course-title` and `price` are only
 * required for a course or education ("hvis uddannelse = titel på kursus/uddannelse", "Pris (hvis
 * kursus eller uddannelse)").
 */
export const RECOMMENDATION_FIELDS = [
  'offer-type',
  'course-title',
  'start-date',
  'end-date',
  'weekly-hours',
  'price',
  'provider-name',
  'provider-address',
  'provider-email',
  'provider-phone',
  'provider-contact-person',
  'justification',
  'motivation',
  'caseworker-name',
  'caseworker-email',
  'caseworker-phone',
] as const;
export type RecommendationField = (typeof RECOMMENDATION_FIELDS)[number];

export const RECOMMENDATION_FIELD_LABELS: Readonly<
  Record<RecommendationField, { readonly da: string; readonly en: string }>
> = {
  'offer-type': { da: 'hvilket tilbud efter reglerne', en: 'which offer under the rules' },
  'course-title': { da: 'titel på kursus/uddannelse', en: 'course/education title' },
  'start-date': { da: 'startdato', en: 'start date' },
  'end-date': { da: 'slutdato', en: 'end date' },
  'weekly-hours': { da: 'ugentligt timetal', en: 'weekly hours' },
  price: { da: 'pris', en: 'price' },
  'provider-name': { da: 'tilbudsstedets navn', en: "provider's name" },
  'provider-address': { da: 'tilbudsstedets adresse', en: "provider's address" },
  'provider-email': { da: 'tilbudsstedets e-mail', en: "provider's e-mail" },
  'provider-phone': { da: 'tilbudsstedets telefonnr.', en: "provider's phone" },
  'provider-contact-person': { da: 'kontaktperson hos tilbudsstedet', en: "provider's contact person" },
  justification: {
    da: 'hvordan tilbuddet er den hurtigste vej i job',
    en: 'how the offer is the fastest way to a job',
  },
  motivation: { da: 'den lediges egen motivation', en: "the citizen's own motivation" },
  'caseworker-name': { da: 'sagsbehandlerens navn', en: "caseworker's name" },
  'caseworker-email': { da: 'sagsbehandlerens e-mail', en: "caseworker's e-mail" },
  'caseworker-phone': { da: 'sagsbehandlerens telefonnr.', en: "caseworker's phone" },
};
