import { generalFacts } from '../facts/common-facts';
import { defineKind } from '../kind-definition';

export const JobOrderForwarded = defineKind({
  kind: 'jobag.JobOrderForwarded',
  catalog: {
    flow: 'F5',
    senders: ['akasse'],
    receivers: ['jobcenter'],
    clauses: [
      {
        seed: '001',
        section: 'Jobformidling',
        quote:
          'Hvis a-kassen ikke har mulighed for at besætte jobordrer, de får ind, kan a-kassen videreformidle dem til jobcentret.',
      },
      {
        seed: '001',
        section: 'Jobformidling',
        quote: 'Videreformidlingen af jobordrer skal ske via JobAG.',
      },
    ],
  },
  label: { da: 'jobordre, som a-kassen ikke kan besætte', en: 'job order the a-kasse cannot fill' },
  mail: { action: 'Behandl jobordren, og find kandidater.' },
  facts: generalFacts,
});
