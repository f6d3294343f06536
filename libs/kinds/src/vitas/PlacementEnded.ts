import { PLACEMENT_FOLLOW_UP } from '../clauses';
import { placementFacts } from './placement-facts';
import { defineKind } from '../kind-definition';

export const PlacementEnded = defineKind({
  kind: 'vitas.PlacementEnded',
  catalog: {
    flow: 'F4',
    senders: ['vitas', 'jobcenter'],
    receivers: ['jobcenter', 'akasse', 'union'],
    clauses: [
      PLACEMENT_FOLLOW_UP,
      {
        seed: '000',
        section: 'Aftalen',
        quote: 'Parterne er enige om, at ansættelser på ordinære vilkår til enhver tid har første prioritet.',
      },
    ],
  },
  label: { da: 'afslutning af virksomhedsrettet tilbud', en: 'placement ended' },
  mail: { action: 'Registrér afslutningen, og følg op med borgeren.' },
  facts: placementFacts,
});
