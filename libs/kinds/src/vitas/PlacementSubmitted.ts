import { SPECIAL_TERMS, VITAS_FIRST } from '../clauses';
import { placementFacts } from './placement-facts';
import { defineKind } from '../kind-definition';

export const PlacementSubmitted = defineKind({
  kind: 'vitas.PlacementSubmitted',
  catalog: {
    flow: 'F4',
    senders: ['vitas'],
    receivers: ['jobcenter', 'akasse', 'union'],
    clauses: [
      VITAS_FIRST,
      {
        seed: '001',
        section: 'Virksomhedsrettede aktiviteter – virksomhedspraktik og løntilskud',
        quote: 'Når virksomheder har færdiggjort et tilbud i VITAS, vil jobcentret behandle ansøgningen.',
      },
      {
        seed: '000',
        section: 'Aftalen',
        quote:
          'Aktivering i form af løntilskud, virksomhedspraktik, jobtræningspladser sker altid med et uddannelsesmæssigt perspektiv.',
      },
      SPECIAL_TERMS,
    ],
  },
  label: {
    da: 'ansøgning om virksomhedspraktik eller løntilskud',
    en: 'application for a work placement or wage subsidy',
  },
  mail: { action: 'Behandl ansøgningen i VITAS, og bevilg den eller giv afslag.' },
  facts: placementFacts,
});
