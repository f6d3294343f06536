import type { PartyRef } from '@hub/contracts';

import { AKASSER, JOBCENTRES, PartnerSystem, UNIONS, VITAS_SYSTEM } from './cast';

/** The simulated system of a party; a party the cast does not know gets a plain stand-in. */
export function systemOf(party: PartyRef): PartnerSystem {
  const known =
    party.kind === 'jobcenter'
      ? JOBCENTRES[party.id]
      : party.kind === 'akasse'
        ? AKASSER[party.id]
        : party.kind === 'union'
          ? UNIONS[party.id]
          : party.kind === 'vitas'
            ? VITAS_SYSTEM
            : undefined;
  return (
    known ?? {
      name: `${party.kind} ${party.id}`,
      originSystem: `${party.kind} ${party.id} case system`,
      authority: `${party.kind} ${party.id}`,
      userPrefix: `${party.kind}-${party.id}`.toLowerCase(),
      caseworkers: [],
    }
  );
}

/** Display name for the simulator's page. */
export function partnerName(party: PartyRef): string {
  return systemOf(party).name;
}
