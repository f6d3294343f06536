import { JOB_ORDER_FOLLOW_UP } from '../clauses';
import { generalFacts } from '../facts/common-facts';
import { defineKind } from '../kind-definition';

export const CandidateHired = defineKind({
  kind: 'jobag.CandidateHired',
  catalog: {
    flow: 'F5',
    senders: ['jobcenter'],
    receivers: ['akasse'],
    clauses: [JOB_ORDER_FOLLOW_UP],
  },
  label: { da: 'ansættelse på jobordre', en: 'hire on a job order' },
  mail: { action: 'Registrér ansættelsen i jeres fagsystem.' },
  facts: generalFacts,
});
