import { placementFacts } from './placement-facts';
import { defineKind } from '../kind-definition';

export const PlacementPreApproved = defineKind({
  kind: 'vitas.PlacementPreApproved',
  catalog: {
    flow: 'F4',
    senders: ['jobcenter'],
    receivers: ['company', 'akasse', 'union'],
    clauses: [
      {
        seed: '001',
        section: 'Virksomhedsrettede aktiviteter – virksomhedspraktik og løntilskud',
        quote: 'jobcentret løbende klar til at godkende indkomne tilbud i VITAS',
      },
    ],
  },
  label: { da: 'forhåndsgodkendelse af virksomhedsrettet tilbud', en: 'pre-approval of a placement' },
  mail: { action: 'Orienter dig om forhåndsgodkendelsen og dens betingelser.' },
  facts: placementFacts,
});
