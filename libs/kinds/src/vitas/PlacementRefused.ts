import { OBJECTIVE_CRITERIA, VITAS_FIRST } from '../clauses';
import { placementFacts } from './placement-facts';
import { defineKind } from '../kind-definition';

export const PlacementRefused = defineKind({
  kind: 'vitas.PlacementRefused',
  catalog: {
    flow: 'F4',
    senders: ['jobcenter'],
    receivers: ['company', 'akasse', 'union'],
    clauses: [OBJECTIVE_CRITERIA, VITAS_FIRST],
  },
  label: { da: 'afslag på virksomhedsrettet tilbud', en: 'placement refused' },
  mail: { neuter: true, action: 'Orienter dig om afslaget og begrundelsen.' },
  facts: placementFacts,
});
