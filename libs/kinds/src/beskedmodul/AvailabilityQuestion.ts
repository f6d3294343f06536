import { AVAILABILITY } from '../clauses';
import { generalFacts } from '../facts/common-facts';
import { defineKind } from '../kind-definition';

export const AvailabilityQuestion = defineKind({
  kind: 'beskedmodul.AvailabilityQuestion',
  catalog: {
    flow: 'F6',
    senders: ['jobcenter'],
    receivers: ['akasse'],
    clauses: [AVAILABILITY],
  },
  label: { da: 'spørgsmål om rådighed', en: 'availability question' },
  mail: { neuter: true, action: 'Besvar spørgsmålet om rådighed.' },
  facts: generalFacts,
});
