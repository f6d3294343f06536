import { addDays } from '@hub/agreements';
import { CitizenRef } from '@hub/contracts';

import { Story, routed, jobcenter, akasse, union } from './story';
import { inquiry, placement, threePartyMeeting } from './steps';

// -------------------------------------------------------------------------------- seed 000 Hedensted

/**
 * Seed 000: the jobcenter involves the a-kasse (and, with the citizen's consent, the union) in
 * follow-up through three-party meetings; placements with an educational perspective; inquiries.
 */
export function hedenstedCitizen(story: Story, start: string): void {
  const { prng, scenario } = story;
  const jc = jobcenter(scenario.jobcenter);
  const ak = akasse(prng.pick(scenario.akasser));
  const person = story.citizen([25, 62], start);
  const citizen: CitizenRef = { cpr: person.cpr, unemploymentStartDate: start, circumstances: null };
  if (prng.chance(0.5)) {
    // A union gets a message about a person only with the person's consent (law; seed 000
    // "tavshedspligt"). A few requests name the union without it: the hub rejects those.
    const withUnion = prng.chance(0.12);
    threePartyMeeting(
      story,
      jc,
      withUnion ? [ak, union(prng.pick(scenario.unions))] : [ak],
      citizen,
      addDays(start, prng.int(20, 150)),
      withUnion ? { outcome: 'rejected', reason: 'UNION_CONSENT_MISSING' } : routed(),
    );
  }
  if (prng.chance(0.4)) placement(story, jc, ak, citizen, addDays(start, prng.int(30, 160)));
  if (prng.chance(0.3)) inquiry(story, ak, jc, citizen, addDays(start, prng.int(10, 170)));
}
