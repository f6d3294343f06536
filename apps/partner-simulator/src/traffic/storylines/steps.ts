import { addDays, allowedPlacements } from '@hub/agreements';
import { CitizenRef, PartyRef, PlacementSubmitted } from '@hub/contracts';

import { decidePlacement } from '../../answering/partner-responder';
import { COMPANIES, SimulatedCompany, VITAS_PARTY } from '../cast';
import { Expectation, Story, routed } from './story';

/** Steps several agreements' storylines share: inquiries (F8), placements in VITAS (F4), three-party meetings (F6). */

/** F8: a question between colleagues, either way; the receiver answers (answering/). */
export function inquiry(
  story: Story,
  a: PartyRef,
  b: PartyRef,
  citizen: CitizenRef | null,
  date: string,
  flags: string[] = [],
): void {
  const { prng } = story;
  const [from, to] = prng.chance(0.5) ? [a, b] : [b, a];
  const when = story.at(date);
  const by = story.caseworker(from);
  story.add(
    when.at,
    'F8 inquiry',
    'beskedmodul.Inquiry',
    {
      envelope: story.envelope(from, [to], when.queuedAt, `inquiry-${date}`, { by }),
      citizen,
      topic: citizen ? 'CASE_QUESTION' : 'COOPERATION',
      subject: citizen
        ? prng.pick(['Spørgsmål om startdato for tilbud', 'Status på jobplan', 'Aftale om fælles samtale'])
        : prng.pick(['Kontakt til lokale arbejdspladser', 'Vejledning om virksomheder i området']),
      body: citizen
        ? 'Kan vi aftale en kort telefonsamtale om sagen? Vi vil gerne afstemme næste skridt.'
        : 'Har I kontaktoplysninger på virksomheder, der søger faglærte i området?',
      replyWantedBy: addDays(when.date, prng.int(2, 5)),
      consentOnRecord: false,
      caseworker: by,
    },
    story.key(from),
    routed(...flags),
    citizen?.cpr ?? null,
  );
}

/**
 * F4: a company submits a placement in VITAS; the jobcenter decides (the simulated jobcenter
 * answers, see answering/); VITAS reports the start. About 1 in 8 breaks the ratio rule, and about
 * 1 in 12 granted placements starts before the grant (seed 002 §2.2).
 */
export function placement(
  story: Story,
  jc: PartyRef,
  ak: PartyRef,
  citizen: CitizenRef,
  date: string,
  flags: { submitted?: string[]; started?: string[] } = {},
): void {
  const { prng } = story;
  const companies = COMPANIES[jc.id] ?? [];
  if (companies.length === 0) return;
  const firm: SimulatedCompany = prng.pick(companies);
  const when = story.at(date);
  const placementKind = prng.chance(0.55) ? 'WORK_PLACEMENT' : 'WAGE_SUBSIDY';
  const allowed = allowedPlacements(firm.employees);
  const exceeds = prng.chance(0.12);
  const subsidised = exceeds ? allowed : prng.int(0, allowed - 1);
  const startDate = addDays(when.date, prng.int(10, 21));
  const flow = story.id('placement-flow');
  const submission: PlacementSubmitted = {
    envelope: story.envelope(VITAS_PARTY, [jc, ak], when.queuedAt, 'placement-submitted', {
      correlationId: flow,
    }),
    citizen,
    placementId: `VITAS-${when.date.slice(0, 4)}-${String(100000 + story.index).slice(-6)}`,
    placementKind,
    company: firm.company,
    jobcenter: jc,
    startDate,
    endDate: addDays(startDate, 7 * prng.int(4, 26)),
    weeklyHours: prng.pick([20, 25, 30, 37]),
    tasks: 'Opgaver i produktion og varemodtagelse sammen med en erfaren kollega.',
    educationalPerspective: prng.chance(0.92)
      ? 'Lærer maskinbetjening; virksomheden tilbyder et AMU-kursus efter 3 måneder.'
      : null,
    contactPerson: { name: firm.contact.name, email: firm.contact.email, phone: firm.contact.phone },
    staffRepresentative:
      firm.employees >= 10
        ? { role: 'SHOP_STEWARD', name: 'Ulla Krog', approvedOn: addDays(when.date, -1) }
        : { role: 'EMPLOYEE_REPRESENTATIVE', name: 'Kim Vestergaard', approvedOn: addDays(when.date, -1) },
    ordinaryEmployeesAtPNumber: firm.employees,
    subsidisedPersonsAtPNumber: subsidised,
    hourlyWage: placementKind === 'WAGE_SUBSIDY' ? '162.50' : null,
    consentOnRecord: prng.chance(0.5),
  };
  story.add(
    when.at,
    'F4 placement submitted',
    'vitas.PlacementSubmitted',
    submission,
    `vitas-${submission.placementId}`,
    routed(...(exceeds ? ['RATIO_RULE_EXCEEDED'] : []), ...(flags.submitted ?? [])),
    citizen.cpr,
  );
  const decision = decidePlacement(submission);
  if (!decision.granted) return;
  const early = prng.chance(0.08);
  const started = early
    ? story.at(addDays(decision.decidedOn, -prng.int(1, 4)))
    : story.at(startDate > decision.decidedOn ? startDate : addDays(decision.decidedOn, prng.int(1, 5)));
  // An early start is reported before the grant; a normal one on its first day. Never before the submission.
  const startedAt = Math.max(started.at, when.at + 60_000);
  story.add(
    startedAt,
    'F4 placement started',
    'vitas.PlacementStarted',
    {
      envelope: story.envelope(
        VITAS_PARTY,
        [jc, ak],
        new Date(startedAt).toISOString(),
        'placement-started',
        {
          correlationId: flow,
          changeType: 'UPDATE',
        },
      ),
      citizen,
      placementId: submission.placementId,
      placementKind,
      company: firm.company,
      jobcenter: jc,
      startDate: started.date,
      granted: !early,
      grantedOn: early ? null : decision.decidedOn,
      consentOnRecord: submission.consentOnRecord,
    },
    `vitas-${submission.placementId}`,
    routed(...(early ? ['PLACEMENT_STARTED_BEFORE_GRANT'] : []), ...(flags.started ?? [])),
    citizen.cpr,
  );
}

export function threePartyMeeting(
  story: Story,
  jc: PartyRef,
  receivers: PartyRef[],
  citizen: CitizenRef,
  date: string,
  expect: Expectation,
): void {
  const { prng } = story;
  const when = story.at(date);
  const by = story.caseworker(jc);
  const first = story.at(addDays(when.date, prng.int(7, 14))).date;
  story.add(
    when.at,
    'F6 three-party meeting',
    'beskedmodul.ThreePartyMeetingRequest',
    {
      envelope: story.envelope(jc, receivers, when.queuedAt, 'three-party', { by }),
      citizen,
      targetGroup: prng.pick([
        'SICK_LISTED_EMPLOYED',
        'SICK_LISTED_UNEMPLOYED',
        'FLEX_JOB_REFERRED',
      ] as const),
      reason: prng.pick(['SICKNESS_FOLLOW_UP', 'RISK_OF_LONG_TERM_UNEMPLOYMENT'] as const),
      reasonText: 'Afklaring af en gradvis tilbagevenden til arbejdet eller lettere opgaver.',
      proposedTimes: [`${first}T08:00:00.000Z`, `${addDays(first, 1)}T12:00:00.000Z`],
      consentOnRecord: false,
      caseworker: by,
    },
    story.key(jc),
    expect,
    citizen.cpr,
  );
}
