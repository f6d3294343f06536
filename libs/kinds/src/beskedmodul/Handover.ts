import { generalFacts } from '../facts/common-facts';
import { defineKind } from '../kind-definition';

export const Handover = defineKind({
  kind: 'beskedmodul.Handover',
  catalog: {
    flow: 'F3',
    senders: ['akasse'],
    receivers: ['jobcenter'],
    clauses: [
      {
        seed: '001',
        section: 'Jobplan',
        quote:
          'Det skal sikre, at det i overgangen til jobcentret er tydeligt, hvilke initiativer der har været iværksat, samt hvilke aftaler der er indgået for at få den ledige i job.',
      },
      {
        seed: '001',
        section: 'CV-oplysninger',
        quote: 'A-kassen sikrer derudover et fyldestgørende cv',
      },
      {
        seed: '001',
        section: 'Jobsamtaler',
        quote:
          'A-kassen afholder 3 jobsamtaler med den ledige i de første 3 måneder af fuld ledighed, og jobcentret afholder 3 jobsamtaler fra måned 4-6.',
      },
    ],
  },
  label: { da: 'overlevering efter a-kasseperioden', en: 'handover after the a-kasse period' },
  mail: { action: 'Forbered den første jobsamtale i jobcentret.' },
  facts: generalFacts,
});
