import { PLACEMENT_FOLLOW_UP } from '../clauses';
import { placementFacts } from './placement-facts';
import { defineKind } from '../kind-definition';

export const PlacementExtended = defineKind({
  kind: 'vitas.PlacementExtended',
  catalog: {
    flow: 'F4',
    senders: ['jobcenter'],
    receivers: ['company', 'akasse', 'union'],
    clauses: [PLACEMENT_FOLLOW_UP],
  },
  label: { da: 'forlængelse af virksomhedsrettet tilbud', en: 'placement extended' },
  mail: { action: 'Orienter dig om forlængelsen.' },
  facts: placementFacts,
});
