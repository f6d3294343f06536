import { OBJECTIVE_CRITERIA } from '../clauses';
import { placementFacts } from './placement-facts';
import { defineKind } from '../kind-definition';

export const PlacementGranted = defineKind({
  kind: 'vitas.PlacementGranted',
  catalog: {
    flow: 'F4',
    senders: ['jobcenter'],
    receivers: ['company', 'akasse', 'union'],
    clauses: [
      OBJECTIVE_CRITERIA,
      {
        seed: '001',
        section: 'Virksomhedsrettede aktiviteter – virksomhedspraktik og løntilskud',
        quote:
          'Bevillingen meddeles elektronisk til virksomheden, aktiviteten oprettes, og den publiceres for den ledige.',
      },
    ],
  },
  label: { da: 'bevilling af virksomhedsrettet tilbud', en: 'placement granted' },
  mail: { action: 'Orienter dig om bevillingen og startdatoen.' },
  facts: placementFacts,
});
