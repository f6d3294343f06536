import { JOB_ORDER_OWNER } from '../clauses';
import { generalFacts } from '../facts/common-facts';
import { defineKind } from '../kind-definition';

export const JobOrderCreated = defineKind({
  kind: 'jobag.JobOrderCreated',
  catalog: {
    flow: 'F5',
    senders: ['jobcenter', 'akasse'],
    receivers: ['akasse', 'jobcenter'],
    clauses: [
      JOB_ORDER_OWNER,
      {
        seed: '001',
        section: 'Jobformidling',
        quote: 'Behandlingstiden af jobordre er hurtigst muligt, medmindre andet er aftalt med virksomheden.',
      },
    ],
  },
  label: { da: 'jobordre', en: 'job order' },
  mail: { action: 'Se, om I har kandidater til jobordren.' },
  facts: generalFacts,
});
