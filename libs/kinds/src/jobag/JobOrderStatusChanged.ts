import { JOB_ORDER_FOLLOW_UP } from '../clauses';
import { generalFacts } from '../facts/common-facts';
import { defineKind } from '../kind-definition';

export const JobOrderStatusChanged = defineKind({
  kind: 'jobag.JobOrderStatusChanged',
  catalog: {
    flow: 'F5',
    senders: ['jobcenter', 'akasse'],
    receivers: ['akasse', 'jobcenter'],
    clauses: [JOB_ORDER_FOLLOW_UP],
  },
  label: { da: 'ny status på jobordre', en: 'job order status changed' },
  mail: { action: 'Orienter dig om jobordrens status.' },
  facts: generalFacts,
});
