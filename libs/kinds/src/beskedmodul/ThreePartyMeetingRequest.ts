import { generalFacts } from '../facts/common-facts';
import { defineKind } from '../kind-definition';

export const ThreePartyMeetingRequest = defineKind({
  kind: 'beskedmodul.ThreePartyMeetingRequest',
  catalog: {
    flow: 'F6',
    senders: ['akasse', 'jobcenter', 'union'],
    receivers: ['akasse', 'jobcenter', 'union'],
    clauses: [
      {
        seed: '002',
        section: '3.4 A-dagpengemodtagere der ikke er omfattet af a-kasseforsøget',
        quote:
          'Herudover, kan der med henblik på en øget fælles indsats, afholdes trepartssamtale såfremt jobcentret eller a-kassen anmoder om dette',
      },
      {
        seed: '002',
        section: '3.1 Sygemeldte beskæftigede',
        quote:
          'Såfremt en af aftaleparterne skønner det nødvendigt, kan der indkaldes til en trepartssamtale med henblik på at afklare det videre forløb.',
      },
    ],
  },
  label: { da: 'anmodning om trepartssamtale', en: 'request for a three-party meeting' },
  mail: { action: 'Aftal tidspunkt for trepartssamtalen.' },
  facts: generalFacts,
});
