import { addDays } from '@hub/agreements';
import { CitizenRef, JobOrderDetails, partySlug } from '@hub/contracts';

import { COMPANIES } from '../cast';
import { Story, routed, jobcenter, akasse } from './story';

// ------------------------------------------------------------------------------------- job orders

/**
 * F5 (seed 001, Jobformidling): an a-kasse forwards a job order it cannot fill, or the jobcenter
 * shares one; the jobcenter reports its status; a candidate is proposed and maybe hired.
 * Hedensted's job orders fall outside its agreement (seed 000 says nothing about JobAG).
 */
export function jobOrderStory(story: Story, start: string): void {
  const { prng, scenario } = story;
  const jc = jobcenter(scenario.jobcenter);
  const ak = akasse(prng.pick(scenario.akasser));
  const firm = prng.pick(COMPANIES[jc.id] ?? []);
  const occupation = prng.pick(firm.occupations);
  const opened = story.at(start);
  const jobOrderId = `JO-${jc.id}-${opened.date.slice(0, 4)}-${String(story.index).padStart(5, '0')}`;
  const officer = story.caseworker(jc);
  const order: JobOrderDetails = {
    employer: firm.company,
    occupationTitle: occupation.title,
    occupationCode: occupation.code,
    positions: prng.int(1, 4),
    applicationDeadline: addDays(opened.date, prng.int(14, 30)),
    weeklyHours: 37,
    description: `${occupation.title} til ${firm.company.name}; erfaring foretrækkes.`,
    owner: jc,
    placementOfficer: officer,
    employerContact: { name: firm.contact.name, email: firm.contact.email, phone: firm.contact.phone },
    agreedProcessingDeadline: null,
  };
  const key = `jobordre-${jobOrderId}`;
  const flow = story.id('job-order-flow');
  const forwarded = scenario.id === 'norddjurs' && prng.chance(0.6);
  if (forwarded) {
    story.add(
      opened.at,
      'F5 job order forwarded',
      'jobag.JobOrderForwarded',
      {
        envelope: story.envelope(ak, [jc], opened.queuedAt, 'job-order', {
          correlationId: flow,
          by: story.caseworker(ak),
        }),
        jobOrderId,
        order,
        receivedFromEmployerOn: addDays(opened.date, -prng.int(1, 3)),
        reason: 'Ingen ledige medlemmer med de rette kvalifikationer i området.',
      },
      key,
      routed(),
      null,
    );
  } else if (scenario.id === 'norddjurs') {
    story.add(
      opened.at,
      'F5 job order shared',
      'jobag.JobOrderShared',
      {
        envelope: story.envelope(jc, [ak], opened.queuedAt, 'job-order', {
          correlationId: flow,
          by: officer,
        }),
        jobOrderId,
        order,
        note: 'Overvej gerne medlemmer, der har afsluttet et relevant kursus i foråret.',
      },
      key,
      routed(),
      null,
    );
  } else {
    story.add(
      opened.at,
      'F5 job order created',
      'jobag.JobOrderCreated',
      {
        envelope: story.envelope(jc, [ak], opened.queuedAt, 'job-order', {
          correlationId: flow,
          by: officer,
        }),
        jobOrderId,
        order,
        status: 'IN_PROGRESS',
      },
      key,
      routed('OUTSIDE_ANY_AGREEMENT'),
      null,
    );
  }
  if (prng.chance(0.6)) {
    const changed = story.at(addDays(opened.date, prng.int(1, 4)));
    const status = prng.pick(['INACTIVE_ENOUGH_CANDIDATES', 'CLOSED_FILLED'] as const);
    story.add(
      changed.at,
      'F5 job order status',
      'jobag.JobOrderStatusChanged',
      {
        envelope: story.envelope(jc, [ak], changed.queuedAt, 'job-order-status', {
          correlationId: flow,
          changeType: 'UPDATE',
          by: officer,
        }),
        jobOrderId,
        status,
        previousStatus: 'IN_PROGRESS',
        changedOn: changed.date,
        note: status === 'CLOSED_FILLED' ? 'Stillingen er besat.' : 'Arbejdsgiveren har kandidater nok.',
        inReplyTo: null,
      },
      key,
      routed(...(scenario.id === 'norddjurs' ? [] : ['OUTSIDE_ANY_AGREEMENT'])),
      null,
    );
  }
  if (scenario.id === 'norddjurs' && prng.chance(0.6)) {
    // Seed 001: a candidate found by the a-kasse is contacted by the a-kasse.
    const candidate = story.citizen([22, 60], opened.date);
    const citizen: CitizenRef = {
      cpr: candidate.cpr,
      unemploymentStartDate: addDays(opened.date, -prng.int(20, 150)),
      circumstances: null,
    };
    const proposed = story.at(addDays(opened.date, prng.int(2, 6)));
    story.add(
      proposed.at,
      'F5 candidate proposed',
      'jobag.CandidateProposed',
      {
        envelope: story.envelope(ak, [jc], proposed.queuedAt, 'candidate', {
          correlationId: flow,
          by: story.caseworker(ak),
        }),
        citizen,
        jobOrderId,
        foundBy: ak,
        contactedBy: ak,
        contactedOn: addDays(proposed.date, -1),
        proposedOn: proposed.date,
        note: `Erfaren ${occupation.title.toLowerCase()} med gode referencer.`,
        inReplyTo: null,
      },
      `${partySlug(ak)}-kandidat-${story.index}`,
      routed(),
      citizen.cpr,
    );
    if (prng.chance(0.5)) {
      const hired = story.at(addDays(proposed.date, prng.int(5, 20)));
      story.add(
        hired.at,
        'F5 candidate hired',
        'jobag.CandidateHired',
        {
          envelope: story.envelope(jc, [ak], hired.queuedAt, 'hired', { correlationId: flow, by: officer }),
          citizen,
          jobOrderId,
          employmentStartDate: addDays(hired.date, prng.int(7, 21)),
          weeklyHours: 37,
          proposedBy: ak,
          recordedBy: officer,
        },
        key,
        routed(),
        citizen.cpr,
      );
    }
  }
}
