import { placementFacts } from './placement-facts';
import { defineKind } from '../kind-definition';

export const PlacementCancelled = defineKind({
  kind: 'vitas.PlacementCancelled',
  catalog: {
    flow: 'F4',
    senders: ['vitas', 'jobcenter'],
    receivers: ['jobcenter', 'company', 'akasse', 'union'],
    clauses: [
      {
        seed: '000',
        section: 'Aftalen',
        quote:
          'Der er enighed om der sker en gensidig orientering om området til gavn for de ledige, således at der ikke sker uhensigtsmæssig brug af virksomhedsrettet aktivering.',
      },
    ],
  },
  label: { da: 'annullering af virksomhedsrettet tilbud', en: 'placement cancelled' },
  mail: { action: 'Orienter dig om annulleringen.' },
  facts: placementFacts,
});
