import { addDays, addMonths } from '@hub/agreements';
import { CitizenRef } from '@hub/contracts';

import { Story, routed, jobcenter, akasse } from './story';
import { inquiry } from './steps';

// ------------------------------------------------------------------------------- seed 003 København

/**
 * Seed 003 (a draft): the a-kasse keeps the contact course until the end of month 6 and registers
 * job-club referrals with the jobcenter; the handover comes after month 6.
 */
export function koebenhavnCitizen(story: Story, start: string): void {
  const { prng, scenario } = story;
  const jc = jobcenter(scenario.jobcenter);
  const ak = akasse(prng.pick(scenario.akasser));
  const person = story.citizen([24, 62], start);
  const citizen: CitizenRef = { cpr: person.cpr, unemploymentStartDate: start, circumstances: null };
  const handover = addMonths(start, scenario.akasseMonths);
  if (prng.chance(0.5)) {
    const when = story.at(addDays(start, prng.int(20, 150)));
    const by = story.caseworker(ak);
    const clubStart = addDays(when.date, prng.int(7, 14));
    story.add(
      when.at,
      'F7 job club',
      'beskedmodul.JobClubReferral',
      {
        envelope: story.envelope(ak, [jc], when.queuedAt, 'job-club', { by }),
        citizen,
        jobClubName: prng.pick(['Jobklub for lager og logistik', 'Jobklub for kontor og administration']),
        provider: {
          name: 'Jobværkstedet København',
          address: 'Nørrebrogade 10, 2200 København N',
          email: 'kontakt@jobvaerkstedet.example',
          phone: '+4578901234',
          contactPerson: null,
        },
        startDate: clubStart,
        endDate: addDays(clubStart, 28),
        cost: `${prng.int(30, 60) * 100}.00`,
        budgetFrameRef: `KBH-${ak.id}-${clubStart.slice(0, 4)}-JOBKLUB`,
        caseworker: by,
      },
      story.key(ak),
      routed(),
      citizen.cpr,
    );
  }
  if (prng.chance(0.7)) {
    const when = story.at(addDays(handover, -prng.int(1, 6)));
    const by = story.caseworker(ak);
    story.add(
      when.at,
      'F7 handover after month 6',
      'beskedmodul.Handover',
      {
        envelope: story.envelope(ak, [jc], when.queuedAt, 'handover', { by }),
        citizen,
        handoverDate: handover,
        jobPlan: {
          jobGoals: [prng.pick(['Kontorassistent', 'Lagermedarbejder', 'Chauffør'])],
          initiatives: [],
          agreements: ['Søger mindst 4 relevante job om ugen'],
          minPlanUpdatedOn: addDays(when.date, -prng.int(1, 10)),
          documentRef: null,
        },
        cv: {
          complete: prng.chance(0.85),
          jobsSought: ['Kontorassistent'],
          professionalCompetences: ['Kundeservice'],
          personalCompetences: ['Mødestabil'],
          updatedOn: addDays(when.date, -prng.int(1, 40)),
        },
        interviewsHeld: [
          { heldOn: addDays(start, prng.int(5, 14)), form: 'IN_PERSON' },
          { heldOn: addDays(start, prng.int(40, 60)), form: 'PHONE' },
        ],
        citizenWantsAkasseAtFirstInterview: prng.chance(0.3),
        caseworker: by,
      },
      story.key(ak),
      routed(),
      citizen.cpr,
    );
  }
  if (prng.chance(0.3)) inquiry(story, ak, jc, citizen, addDays(start, prng.int(10, 170)));
}
