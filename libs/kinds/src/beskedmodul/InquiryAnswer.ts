import { ANSWER_ASAP } from '../clauses';
import { generalFacts } from '../facts/common-facts';
import { defineKind } from '../kind-definition';

export const InquiryAnswer = defineKind({
  kind: 'beskedmodul.InquiryAnswer',
  catalog: {
    flow: 'F8',
    senders: ['akasse', 'jobcenter', 'union'],
    receivers: ['akasse', 'jobcenter', 'union'],
    clauses: [ANSWER_ASAP],
  },
  label: { da: 'svar på henvendelse', en: 'answer to an inquiry' },
  mail: { neuter: true, action: 'Læs svaret.' },
  facts: generalFacts,
});
