import { AVAILABILITY } from '../clauses';
import { generalFacts } from '../facts/common-facts';
import { defineKind } from '../kind-definition';

export const AvailabilityAnswer = defineKind({
  kind: 'beskedmodul.AvailabilityAnswer',
  catalog: {
    flow: 'F6',
    senders: ['akasse'],
    receivers: ['jobcenter'],
    clauses: [AVAILABILITY],
  },
  label: { da: 'svar om rådighed', en: 'availability answer' },
  mail: {
    neuter: true,
    action: 'Orienter dig om svaret, og tilpas tilbuddet, hvis det ikke lever op til rådighedsreglerne.',
  },
  facts: generalFacts,
});
