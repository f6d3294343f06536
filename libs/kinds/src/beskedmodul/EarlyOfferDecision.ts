import { generalFacts } from '../facts/common-facts';
import { defineKind } from '../kind-definition';

export const EarlyOfferDecision = defineKind({
  kind: 'beskedmodul.EarlyOfferDecision',
  catalog: {
    flow: 'F1',
    senders: ['jobcenter'],
    receivers: ['akasse'],
    clauses: [
      {
        seed: '001',
        section: 'Vejledning og opkvalificering',
        quote: 'vil ønsket blive skønnet, og resultatet vil blive meddelt den ledige og a-kasse.',
      },
      {
        seed: '001',
        section: 'Tilbud',
        quote: 'Jobcentret ser på indstillingen hurtigst muligt.',
      },
    ],
  },
  label: {
    da: 'afgørelse på indstilling om tidligt tilbud',
    en: 'decision on an early-offer recommendation',
  },
  mail: { action: 'Orienter dig om afgørelsen.' },
  facts: generalFacts,
});
