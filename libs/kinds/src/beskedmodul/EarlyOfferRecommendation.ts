import { TILBUD } from '../clauses';
import type {
  EarlyOfferRecommendation as Recommendation,
  OfferType as SchemaOfferType,
} from '@hub/contracts';
import type { Exchange, OfferType, RecommendationFacts } from '@hub/agreements';

import { commonFacts, orUndefined } from '../facts/common-facts';
import { defineKind, type FactExtractor } from '../kind-definition';

const OFFER_TYPES: Record<SchemaOfferType, OfferType> = {
  EDUCATION: 'education',
  COURSE: 'course',
  GUIDANCE_AND_UPSKILLING: 'guidance',
  WORK_PLACEMENT: 'work-placement',
  WAGE_SUBSIDY: 'wage-subsidy',
  OTHER: 'other',
};

/** Seed 001 "Oplysninger til indstilling": each listed item becomes a fact the rule checks. */
const recommendationFacts: FactExtractor = (message, exchangeDate): Exchange => {
  const value = message.value as unknown as Recommendation;
  const recommendation: RecommendationFacts = {
    offerType: OFFER_TYPES[value.offerType],
    courseTitle: orUndefined(value.courseTitle),
    startDate: orUndefined(value.startDate),
    endDate: orUndefined(value.endDate),
    weeklyHours: orUndefined(value.weeklyHours),
    priceDkk: value.price === null ? undefined : Number(value.price),
    provider: value.provider
      ? {
          name: value.provider.name,
          address: value.provider.address,
          email: value.provider.email,
          phone: value.provider.phone,
          contactPerson: orUndefined(value.provider.contactPerson),
        }
      : undefined,
    justification: orUndefined(value.fastestWayToJob),
    motivation: orUndefined(value.citizenMotivation),
    caseworker: value.recommendingCaseworker ?? undefined,
  };
  return {
    ...commonFacts(message, exchangeDate),
    kind: 'beskedmodul.EarlyOfferRecommendation',
    recommendation,
  };
};

export const EarlyOfferRecommendation = defineKind({
  kind: 'beskedmodul.EarlyOfferRecommendation',
  catalog: {
    flow: 'F1',
    senders: ['akasse'],
    receivers: ['jobcenter'],
    clauses: [TILBUD],
  },
  label: { da: 'indstilling om tidligt tilbud', en: 'early-offer recommendation' },
  mail: {
    action:
      'Tag stilling til indstillingen (bevilling eller afslag) og meddel resultatet til borgeren og a-kassen.',
  },
  facts: recommendationFacts,
});
