import type { LongTermUnemploymentRiskNotice as RiskNotice } from '@hub/contracts';
import type { Exchange } from '@hub/agreements';

import { commonFacts } from '../facts/common-facts';
import { defineKind, type FactExtractor } from '../kind-definition';

/** Seed 001: the notice comes 14 days before the handover; the rule checks the planned date. */
const riskNoticeFacts: FactExtractor = (message, exchangeDate): Exchange => {
  const value = message.value as unknown as RiskNotice;
  return {
    ...commonFacts(message, exchangeDate),
    kind: 'beskedmodul.LongTermUnemploymentRiskNotice',
    riskNotice: { plannedHandoverDate: value.plannedHandoverDate },
  };
};

export const LongTermUnemploymentRiskNotice = defineKind({
  kind: 'beskedmodul.LongTermUnemploymentRiskNotice',
  catalog: {
    flow: 'F2',
    senders: ['akasse'],
    receivers: ['jobcenter'],
    clauses: [
      {
        seed: '001',
        section: 'A-kassens vurdering af den lediges risiko for langtidsledighed',
        quote:
          'A-kassen skal give besked (digitalt) til jobcentret gerne 14 dage inden overgangen, hvis det vurderes, at den ledige er i risiko for længerevarende ledighed.',
      },
    ],
  },
  label: { da: 'besked om risiko for langtidsledighed', en: 'long-term unemployment risk notice' },
  mail: { action: 'Vurder sammen med a-kassen, hvilke initiativer der kan sættes i gang inden overgangen.' },
  facts: riskNoticeFacts,
});
