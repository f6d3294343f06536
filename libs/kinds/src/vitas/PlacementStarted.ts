import { VITAS_FIRST } from '../clauses';
import { placementFacts } from './placement-facts';
import { defineKind } from '../kind-definition';

export const PlacementStarted = defineKind({
  kind: 'vitas.PlacementStarted',
  catalog: {
    flow: 'F4',
    senders: ['vitas'],
    receivers: ['jobcenter', 'akasse', 'union'],
    clauses: [VITAS_FIRST],
  },
  label: { da: 'start af virksomhedsrettet tilbud', en: 'placement started' },
  mail: { action: 'Følg op på forløbet, og tjek at det var bevilget, før det startede.' },
  facts: placementFacts,
});
