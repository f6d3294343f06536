import type { PlacementKind } from '@hub/contracts';
import type {
  Exchange,
  GrantState,
  PlacementFacts,
  PlacementKind as PlacementKindName,
} from '@hub/agreements';

import { commonFacts } from '../facts/common-facts';
import type { FactExtractor } from '../kind-definition';

/** The fields placement messages carry when they know them (VITAS sends what it has per step). */
interface PlacementFields {
  placementKind?: PlacementKind;
  company?: { pNumber: string };
  startDate?: string;
  granted?: boolean;
  grantedOn?: string | null;
  ordinaryEmployeesAtPNumber?: number;
  subsidisedPersonsAtPNumber?: number;
}

/** What a placement message's kind says about the grant (VITAS: submitted → pre-approved → granted/refused). */
const GRANT_STATE_OF_KIND: Partial<Record<PlacementKindName, GrantState>> = {
  'vitas.PlacementSubmitted': 'not-granted',
  'vitas.PlacementPreApproved': 'pre-approved',
  'vitas.PlacementGranted': 'granted',
  'vitas.PlacementRefused': 'refused',
};

/**
 * The facts of every VITAS placement kind: seed 002 §2.2 (no start before the grant) and the ratio
 * rule per P-number need the grant state, the dates and the company's head counts.
 */
export const placementFacts: FactExtractor = (message, exchangeDate): Exchange => {
  const kind = message.kind as PlacementKindName;
  const value = message.value as unknown as PlacementFields;
  const grantState: GrantState =
    value.granted === undefined
      ? (GRANT_STATE_OF_KIND[kind] ?? 'unknown')
      : value.granted
        ? 'granted'
        : 'not-granted';
  const placement: PlacementFacts = {
    placementType:
      value.placementKind === 'WAGE_SUBSIDY'
        ? 'wage-subsidy'
        : value.placementKind === 'WORK_PLACEMENT'
          ? 'work-placement'
          : undefined,
    grantState,
    grantedOn: value.grantedOn ?? undefined,
    startDate: value.startDate,
    pNumber: value.company?.pNumber,
    ordinaryStaffAtPNumber: value.ordinaryEmployeesAtPNumber,
    otherPlacementsAtPNumber: value.subsidisedPersonsAtPNumber,
  };
  return { ...commonFacts(message, exchangeDate), kind, placement };
};
