import { generalFacts } from '../facts/common-facts';
import { defineKind } from '../kind-definition';

export const JobClubReferral = defineKind({
  kind: 'beskedmodul.JobClubReferral',
  catalog: {
    flow: 'F7',
    senders: ['akasse'],
    receivers: ['jobcenter'],
    clauses: [
      {
        seed: '003',
        section: 'Generelle rammer for samarbejdet',
        quote: 'A-kassen kan kun visitere til disse forløb indenfor en nærmere aftalt økonomisk ramme',
      },
      {
        seed: '003',
        section: 'Generelle rammer for samarbejdet',
        quote: 'registrering mellem a-kasse og jobcenter, fx når ledige visiteres til jobklub.',
      },
    ],
  },
  label: { da: 'henvisning til jobklub', en: 'job club referral' },
  mail: { action: 'Registrér henvisningen under den aftalte budgetramme.' },
  facts: generalFacts,
});
