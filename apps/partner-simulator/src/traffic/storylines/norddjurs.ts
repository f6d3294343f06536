import { addDays, addMonths } from '@hub/agreements';
import { CitizenRef, InterviewForm, MessageTypes, PartyRef } from '@hub/contracts';

import { Expectation, Story, routed, jobcenter, akasse } from './story';
import { inquiry, placement } from './steps';

// -------------------------------------------------------------------------------- seed 001 Norddjurs

/**
 * Seed 001: the a-kasse holds months 1-3 (recommendations, risk notice, handover), the jobcenter
 * months 4-6 (the joint interview, placements); inquiries both ways.
 */
export function norddjursCitizen(story: Story, start: string): void {
  const { prng, scenario } = story;
  const jc = jobcenter(scenario.jobcenter);
  const ak = akasse(prng.pick(scenario.akasser));
  const person = story.citizen([22, 62], start);
  const citizen: CitizenRef = { cpr: person.cpr, unemploymentStartDate: start, circumstances: null };
  const handover = addMonths(start, scenario.akasseMonths);
  const flow = story.id('flow');

  if (prng.chance(0.45)) recommendation(story, ak, jc, citizen, addDays(start, prng.int(14, 80)), flow);
  if (prng.chance(0.35)) {
    // Seed 001: the a-kasse tells the jobcenter "gerne 14 dage inden overgangen"; 3 in 10 are late.
    const late = prng.chance(0.3);
    const when = story.at(addDays(handover, -(late ? prng.int(2, 12) : prng.int(15, 35))));
    const by = story.caseworker(ak);
    story.add(
      when.at,
      'F2 risk notice',
      'beskedmodul.LongTermUnemploymentRiskNotice',
      {
        envelope: story.envelope(ak, [jc], when.queuedAt, 'risk-notice', { correlationId: flow, by }),
        citizen,
        plannedHandoverDate: handover,
        riskHorizon: prng.chance(0.7) ? 'OVER_6_MONTHS' : 'OVER_12_MONTHS',
        assessment: prng.pick([
          'Få ledige stillinger inden for medlemmets fag lokalt og begrænset mobilitet.',
          'Jobsøgningen har endnu ikke givet samtaler; medlemmet mangler et kørekort.',
          'Medlemmet har været ledig før og har svært ved at komme tilbage i branchen.',
        ]),
        suggestedInitiatives: prng.chance(0.7)
          ? 'Vejledning om beslægtede fag og en kort praktik før overgangen.'
          : null,
        caseworker: by,
      },
      story.key(ak),
      routed(...(late ? ['RISK_NOTICE_LATE'] : [])),
      citizen.cpr,
    );
  }
  if (prng.chance(0.7)) {
    const when = story.at(addDays(handover, -prng.int(1, 6)));
    const wantsAkasse = prng.chance(0.5);
    const by = story.caseworker(ak);
    const forms: InterviewForm[] = ['IN_PERSON', 'PHONE', 'VIDEO'];
    story.add(
      when.at,
      'F3 handover',
      'beskedmodul.Handover',
      {
        envelope: story.envelope(ak, [jc], when.queuedAt, 'handover', { correlationId: flow, by }),
        citizen,
        handoverDate: handover,
        jobPlan: {
          jobGoals: [
            prng.pick(['Lagermedarbejder', 'Truckfører', 'Butiksassistent', 'Social- og sundhedshjælper']),
          ],
          initiatives: prng.chance(0.5) ? ['Truckcertifikat B'] : [],
          agreements: ['Søger mindst 4 relevante job om ugen'],
          minPlanUpdatedOn: addDays(when.date, -prng.int(1, 10)),
          documentRef: `dfdg:jobplan/${story.id('jobplan').slice(0, 6)}`,
        },
        cv: {
          complete: prng.chance(0.9),
          jobsSought: ['Lagermedarbejder'],
          professionalCompetences: ['Varehåndtering'],
          personalCompetences: ['Stabil', 'God til samarbejde'],
          updatedOn: addDays(when.date, -prng.int(1, 30)),
        },
        interviewsHeld: [
          { heldOn: addDays(start, prng.int(5, 14)), form: prng.pick(forms) },
          { heldOn: addDays(start, prng.int(30, 45)), form: prng.pick(forms) },
          { heldOn: addDays(start, prng.int(60, 80)), form: prng.pick(forms) },
        ],
        citizenWantsAkasseAtFirstInterview: wantsAkasse,
        caseworker: by,
      },
      story.key(ak),
      routed(),
      citizen.cpr,
    );
    // Seed 001: if the citizen wants the a-kasse at the joint interview, the jobcenter invites it.
    if (wantsAkasse && prng.chance(0.7)) {
      const invited = story.at(addDays(handover, prng.int(2, 10)));
      const interviewDate = story.at(addDays(invited.date, prng.int(5, 12))).date;
      const form = prng.pick(forms);
      story.add(
        invited.at,
        'F3 joint interview',
        'beskedmodul.JointInterviewInvitation',
        {
          envelope: story.envelope(jc, [ak], invited.queuedAt, 'joint-interview', {
            correlationId: flow,
            by: story.caseworker(jc),
          }),
          citizen,
          interviewAt: `${interviewDate}T08:00:00.000Z`,
          form,
          location: form === 'IN_PERSON' ? 'Jobcenter Norddjurs, Torvet 3, 8500 Grenaa' : null,
          meetingLink:
            form === 'VIDEO' ? `https://dfdg.example/indkaldelse/${story.id('link').slice(0, 8)}` : null,
          akasseParticipationWished: true,
          caseworker: story.caseworker(jc),
        },
        story.key(jc),
        routed(),
        citizen.cpr,
      );
    }
  }
  if (prng.chance(0.25)) inquiry(story, ak, jc, citizen, addDays(start, prng.int(10, 170)));
  if (prng.chance(0.3)) placement(story, jc, ak, citizen, addDays(start, prng.int(95, 160)));
}

/** F1: a recommendation of an early offer; about 1 in 8 lacks something seed 001 requires. */
function recommendation(
  story: Story,
  ak: PartyRef,
  jc: PartyRef,
  citizen: CitizenRef,
  date: string,
  flow: string,
): void {
  const { prng } = story;
  const when = story.at(date);
  const offerType = prng.weighted({
    COURSE: 50,
    EDUCATION: 15,
    GUIDANCE_AND_UPSKILLING: 20,
    WORK_PLACEMENT: 15,
  });
  const course = offerType === 'COURSE' || offerType === 'EDUCATION';
  const startDate = addDays(when.date, prng.int(10, 30));
  const by = story.caseworker(ak);
  const value: MessageTypes['beskedmodul.EarlyOfferRecommendation'] = {
    envelope: story.envelope(ak, [jc], when.queuedAt, 'recommendation', { correlationId: flow, by }),
    citizen,
    offerType,
    courseTitle: course
      ? prng.pick(['Truckcertifikat B', 'Svejsning MAG', 'Lager og logistik', 'Hygiejne i fødevarebranchen'])
      : null,
    startDate,
    endDate: addDays(startDate, prng.int(5, 40)),
    weeklyHours: prng.pick([20, 30, 37]),
    price: course ? `${prng.int(30, 450) * 100}.00` : null,
    provider: {
      name: prng.pick(['AMU Djursland', 'Erhvervsskolen Grenaa', 'Kursuscentret Østjylland']),
      address: 'Skolevej 2, 8500 Grenaa',
      email: 'kursus@amu-djursland.example',
      phone: '+4567890123',
      contactPerson: prng.chance(0.5) ? 'Bo Kjær' : null,
    },
    fastestWayToJob:
      'Flere arbejdsgivere i området efterspørger netop dette bevis, og medlemmet har erfaring fra faget.',
    citizenMotivation: 'Vil gerne skifte til et fag med flere ledige stillinger og har allerede søgt to job.',
    wishesTradeChange: prng.chance(0.4),
    recommendingCaseworker: by,
  };
  let expect: Expectation = routed();
  if (prng.chance(0.12)) {
    // Seed 001, "Oplysninger til indstilling": the jobcenter needs all of it to decide.
    const missing = prng.pick(course ? ['price', 'motivation', 'caseworker'] : ['motivation', 'caseworker']);
    if (missing === 'price') value.price = null;
    if (missing === 'motivation') value.citizenMotivation = null;
    if (missing === 'caseworker') value.recommendingCaseworker = null;
    expect = { outcome: 'rejected', reason: 'RECOMMENDATION_INCOMPLETE' };
  }
  story.add(
    when.at,
    'F1 recommendation',
    'beskedmodul.EarlyOfferRecommendation',
    value,
    story.key(ak),
    expect,
    citizen.cpr,
  );
}
