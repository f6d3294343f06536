import { generalFacts } from '../facts/common-facts';
import { defineKind } from '../kind-definition';

export const JointInterviewInvitation = defineKind({
  kind: 'beskedmodul.JointInterviewInvitation',
  catalog: {
    flow: 'F3',
    senders: ['jobcenter'],
    receivers: ['akasse'],
    clauses: [
      {
        seed: '001',
        section: 'Jobsamtale og overlevering',
        quote:
          'Ønsker den ledige a-kassens deltagelse i den fælles jobsamtale, indkalder jobcentret. Jobcentret sender link med indkaldelse via DFDG.',
      },
    ],
  },
  label: { da: 'indkaldelse til fælles jobsamtale', en: 'invitation to a joint job interview' },
  mail: { action: 'Bekræft deltagelse i den fælles jobsamtale.' },
  facts: generalFacts,
});
