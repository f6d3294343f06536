import { generalFacts } from '../facts/common-facts';
import { defineKind } from '../kind-definition';

export const CandidateProposed = defineKind({
  kind: 'jobag.CandidateProposed',
  catalog: {
    flow: 'F5',
    senders: ['akasse', 'jobcenter'],
    receivers: ['jobcenter', 'akasse'],
    clauses: [
      {
        seed: '001',
        section: 'Jobformidling',
        quote:
          'Ledige kandidater fundet af A-kassen skal kontaktes af A-kassen, og ledige kandidater fundet af jobcentret skal kontaktes af jobcentret.',
      },
    ],
  },
  label: { da: 'kandidat foreslået til jobordre', en: 'candidate proposed for a job order' },
  mail: { action: 'Se kandidaten i jeres fagsystem, og følg op over for virksomheden.' },
  facts: generalFacts,
});
