import { addDays } from '@hub/agreements';
import { CitizenRef } from '@hub/contracts';

import { Story, routed, jobcenter, akasse } from './story';
import { inquiry, placement, threePartyMeeting } from './steps';

// ----------------------------------------------------------------------------------- seed 002 Viborg

/**
 * Seed 002 (in force in 2020 only, so today's exchanges under it are flagged NO_AGREEMENT_IN_FORCE):
 * availability questions for sick-listed unemployed, three-party meetings, placements, inquiries.
 */
export function viborgCitizen(story: Story, start: string): void {
  const { prng, scenario } = story;
  const jc = jobcenter(scenario.jobcenter);
  const ak = akasse(prng.pick(scenario.akasser));
  const person = story.citizen([25, 62], start);
  const citizen: CitizenRef = { cpr: person.cpr, unemploymentStartDate: start, circumstances: null };
  const expired = 'NO_AGREEMENT_IN_FORCE';
  if (prng.chance(0.55)) {
    const when = story.at(addDays(start, prng.int(20, 150)));
    const by = story.caseworker(jc);
    const offerStart = addDays(when.date, prng.int(10, 20));
    story.add(
      when.at,
      'F6 availability question',
      'beskedmodul.AvailabilityQuestion',
      {
        envelope: story.envelope(jc, [ak], when.queuedAt, 'availability', { by }),
        citizen,
        offerType: prng.pick(['WORK_PLACEMENT', 'GUIDANCE_AND_UPSKILLING'] as const),
        offerDescription: prng.pick([
          'Virksomhedspraktik i et bageri, lette opgaver, 4 uger.',
          'Afklaringsforløb med vejledning, 6 uger.',
        ]),
        startDate: offerStart,
        endDate: addDays(offerStart, 7 * prng.int(4, 8)),
        weeklyHours: prng.pick([10, 15, 20]),
        timing: prng.chance(0.7) ? 'AT_START' : 'BEFORE_END',
        answerWantedBy: addDays(when.date, prng.int(3, 7)),
        caseworker: by,
      },
      story.key(jc),
      routed(expired),
      citizen.cpr,
    );
  }
  if (prng.chance(0.35))
    threePartyMeeting(story, jc, [ak], citizen, addDays(start, prng.int(20, 150)), routed(expired));
  if (prng.chance(0.3))
    placement(story, jc, ak, citizen, addDays(start, prng.int(30, 160)), {
      submitted: [expired],
      started: [expired],
    });
  if (prng.chance(0.2)) inquiry(story, ak, jc, citizen, addDays(start, prng.int(10, 170)), [expired]);
}
