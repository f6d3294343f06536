import { generalFacts } from '../facts/common-facts';
import { defineKind } from '../kind-definition';

export const JobOrderShared = defineKind({
  kind: 'jobag.JobOrderShared',
  catalog: {
    flow: 'F5',
    senders: ['jobcenter'],
    receivers: ['akasse'],
    clauses: [
      {
        seed: '001',
        section: 'Jobformidling',
        quote:
          'Det er aftalt, at jobcentret gerne må supplere, hvis de har nogle job, som A-kassen med fordel kan formidle videre til den ledige.',
      },
    ],
  },
  label: { da: 'jobordre delt af jobcentret', en: 'job order shared by the job centre' },
  mail: { action: 'Se, om I har kandidater; kontakt selv de kandidater, I finder.' },
  facts: generalFacts,
});
