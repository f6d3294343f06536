import { generalFacts } from '../facts/common-facts';
import { defineKind } from '../kind-definition';

/**
 * F3: the a-kasse answers the jobcenter's invitation to the joint interview (JointInterviewInvitation):
 * whether it takes part. Judged on the common facts (parties, channel, date, the invitation answered);
 * agreements/001-norddjurs-akasse.yaml covers it.
 */
export const JointInterviewAnswer = defineKind({
  kind: 'beskedmodul.JointInterviewAnswer',
  catalog: {
    flow: 'F3',
    senders: ['akasse'],
    receivers: ['jobcenter'],
    clauses: [
      {
        seed: '001',
        section: 'Jobsamtale og overlevering',
        quote:
          'A-kassen kan deltage i den første samtale i jobcentret, hvis den ledige ønsker det, for at hjælpe med en god overdragelse.',
      },
    ],
  },
  label: {
    da: 'svar på indkaldelse til fælles jobsamtale',
    en: 'answer to an invitation to a joint job interview',
  },
  mail: {
    neuter: true,
    action: 'Se, om a-kassen deltager i den fælles jobsamtale, og planlæg samtalen derefter.',
  },
  facts: generalFacts,
});
