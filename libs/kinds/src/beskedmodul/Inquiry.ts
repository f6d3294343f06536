import { COMPLIANCE_CONTACT, JOBCENTER_EMAIL } from '../clauses';
import { generalFacts } from '../facts/common-facts';
import { defineKind } from '../kind-definition';

export const Inquiry = defineKind({
  kind: 'beskedmodul.Inquiry',
  catalog: {
    flow: 'F8',
    senders: ['akasse', 'jobcenter', 'union'],
    receivers: ['akasse', 'jobcenter', 'union'],
    clauses: [JOBCENTER_EMAIL, COMPLIANCE_CONTACT],
  },
  label: { da: 'henvendelse', en: 'inquiry' },
  mail: { action: 'Besvar henvendelsen.' },
  facts: generalFacts,
});
