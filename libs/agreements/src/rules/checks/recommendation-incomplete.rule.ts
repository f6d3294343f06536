import type { RecommendationFacts } from '../../exchange/exchange';
import {
  RECOMMENDATION_FIELD_LABELS,
  type RecommendationField,
} from '../../vocabulary/recommendation-fields';
import { clauseCitation } from '../citations';
import type { Rule } from '../rule';

/**
 * A recommendation of an early offer without the information the jobcenter "som minimum" must have
 * (seed 001, Oplysninger til indstilling). Course title and price only for a course or education:
 * "(hvis uddannelse = titel på kursus/uddannelse)", "Pris (hvis kursus eller uddannelse)".
 */
export const recommendationIncompleteRule: Rule = {
  code: 'RECOMMENDATION_INCOMPLETE',
  source: 'recommendation.requiredFields of the governing agreement (seed 001, Oplysninger til indstilling)',
  evaluate({ exchange, catalog, coverage }) {
    const match = coverage.governing;
    const spec = match?.agreement.recommendation;
    if (match === undefined || spec === undefined || exchange.kind !== 'beskedmodul.EarlyOfferRecommendation')
      return [];
    const facts = exchange.recommendation;
    const missing = spec.requiredFields.filter(
      (field) => isRequired(field, facts) && !isPresent(field, facts),
    );
    const invalid = invalidFields(facts).filter((field) => !missing.includes(field));
    if (missing.length === 0 && invalid.length === 0) return [];
    const label = (fields: readonly RecommendationField[], lang: 'da' | 'en'): string =>
      fields.map((f) => RECOMMENDATION_FIELD_LABELS[f][lang]).join(', ');
    const partsDa = [
      missing.length > 0 ? `mangler ${label(missing, 'da')}` : '',
      invalid.length > 0 ? `ugyldig(e): ${label(invalid, 'da')}` : '',
    ].filter(Boolean);
    const partsEn = [
      missing.length > 0 ? `missing ${label(missing, 'en')}` : '',
      invalid.length > 0 ? `invalid: ${label(invalid, 'en')}` : '',
    ].filter(Boolean);
    return [
      {
        agreement: match.agreement,
        citation: clauseCitation(catalog, match.agreement, spec.clauseId),
        messageDa: `Indstillingen har ikke de oplysninger, jobcentret som minimum skal have: ${partsDa.join('; ')}.`,
        messageEn: `The recommendation lacks information the jobcenter must have as a minimum: ${partsEn.join('; ')}.`,
        details: { missingFields: missing, invalidFields: invalid },
      },
    ];
  },
};

function needsCourseInfo(facts: RecommendationFacts): boolean {
  return facts.offerType === 'course' || facts.offerType === 'education';
}

function isRequired(field: RecommendationField, facts: RecommendationFacts): boolean {
  // Without an offer type we cannot tell whether price/title apply; the missing type is reported.
  if (field === 'course-title' || field === 'price') return needsCourseInfo(facts);
  return true;
}

const present = (value: string | undefined): boolean => value !== undefined && value.trim() !== '';

function isPresent(field: RecommendationField, facts: RecommendationFacts): boolean {
  switch (field) {
    case 'offer-type':
      return facts.offerType !== undefined;
    case 'course-title':
      return present(facts.courseTitle);
    case 'start-date':
      return present(facts.startDate);
    case 'end-date':
      return present(facts.endDate);
    case 'weekly-hours':
      return facts.weeklyHours !== undefined;
    case 'price':
      return facts.priceDkk !== undefined;
    case 'provider-name':
      return present(facts.provider?.name);
    case 'provider-address':
      return present(facts.provider?.address);
    case 'provider-email':
      return present(facts.provider?.email);
    case 'provider-phone':
      return present(facts.provider?.phone);
    case 'provider-contact-person':
      return present(facts.provider?.contactPerson);
    case 'justification':
      return present(facts.justification);
    case 'motivation':
      return present(facts.motivation);
    case 'caseworker-name':
      return present(facts.caseworker?.name);
    case 'caseworker-email':
      return present(facts.caseworker?.email);
    case 'caseworker-phone':
      return present(facts.caseworker?.phone);
  }
}

/** Present but unusable: an end before the start, no weekly hours, a negative price. */
function invalidFields(facts: RecommendationFacts): RecommendationField[] {
  const invalid: RecommendationField[] = [];
  if (facts.startDate !== undefined && facts.endDate !== undefined && facts.endDate < facts.startDate) {
    invalid.push('end-date');
  }
  if (facts.weeklyHours !== undefined && !(facts.weeklyHours > 0)) invalid.push('weekly-hours');
  if (facts.priceDkk !== undefined && !(facts.priceDkk >= 0)) invalid.push('price');
  return invalid;
}
