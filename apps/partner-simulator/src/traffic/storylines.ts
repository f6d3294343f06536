import { addDays, addMonths, allowedPlacements } from '@hub/agreements';
import {
  CaseworkerContact,
  ChangeType,
  CitizenRef,
  Envelope,
  InterviewForm,
  JobOrderDetails,
  MessageTypes,
  PartnerMessageKind,
  PartyRef,
  PlacementSubmitted,
  ReasonCode,
  partySlug,
} from '@hub/contracts';
import { deterministicUuid } from '@hub/privacy';

import { decidePlacement, userIdOf } from '../answering/partner-responder';
import { COMPANIES, SCENARIOS, Scenario, ScenarioId, SimulatedCompany, VITAS_PARTY } from './cast';
import { inventCitizen, SimulatedCitizen } from './identities';
import { Prng } from './prng';
import { systemOf } from './systems';

/**
 * Storylines: what happens to one citizen over the first six months of unemployment, or to one job
 * order, under one of the four seed agreements - each a short list of dated partner messages. The
 * workload (workload.ts) merges many storylines in time order.
 */

/** What the hub is expected to do with a message. `flags` are findings the storyline means to cause. */
export type Expectation =
  | { outcome: 'routed'; flags: readonly string[] }
  | { outcome: 'rejected'; reason: ReasonCode }
  | { outcome: 'dead-letter'; reason: 'UNDECODABLE' };

export interface Draft<K extends PartnerMessageKind = PartnerMessageKind> {
  /** Simulated time (ms since the epoch) the sender queued it: envelope.queuedAt. */
  at: number;
  /** Tie-breaker for equal times: storyline, then step. */
  order: number;
  scenario: ScenarioId;
  /** Which flow it belongs to, e.g. "F1 recommendation". */
  story: string;
  kind: K;
  value: MessageTypes[K];
  /** The partner whose inbound topic it is published on (the real sender). */
  publisher: PartyRef;
  /** Kafka key: the publishing partner's own reference for the case (never the CPR number). */
  key: string;
  cpr: string | null;
  expect: Expectation;
}

export type AnyDraft = { [K in PartnerMessageKind]: Draft<K> }[PartnerMessageKind];

export interface StoryEnv {
  seed: number;
  runId: string;
  /** CPR numbers already used in this workload (no two citizens share one). */
  takenCprs: Set<string>;
}

const jobcenter = (id: string): PartyRef => ({ kind: 'jobcenter', id });
const akasse = (id: string): PartyRef => ({ kind: 'akasse', id });
const union = (id: string): PartyRef => ({ kind: 'union', id });

/** Builds the messages of one storyline: ids, dates, envelopes. */
class Story {
  readonly drafts: AnyDraft[] = [];
  private step = 0;

  constructor(
    readonly prng: Prng,
    private readonly env: StoryEnv,
    readonly index: number,
    readonly scenario: Scenario,
  ) {}

  id(label: string): string {
    return deterministicUuid('simulator', this.env.runId, String(this.env.seed), String(this.index), label);
  }

  /** A time on `date` (a weekend moves to Monday) within Danish office hours, as ms and ISO. */
  at(date: string): { at: number; date: string; queuedAt: string } {
    let day = date;
    const weekday = new Date(`${day}T00:00:00.000Z`).getUTCDay();
    if (weekday === 6) day = addDays(day, 2);
    if (weekday === 0) day = addDays(day, 1);
    const at =
      Date.parse(`${day}T06:00:00.000Z`) +
      this.prng.int(0, 8 * 60 - 1) * 60_000 +
      this.prng.int(0, 59) * 1000;
    return { at, date: day, queuedAt: new Date(at).toISOString() };
  }

  caseworker(party: PartyRef): CaseworkerContact {
    const workers = systemOf(party).caseworkers;
    return workers.length > 0
      ? this.prng.pick(workers)
      : { name: 'Sagsbehandler', email: 'sagsbehandler@partner.example', phone: '+4570000000' };
  }

  envelope(
    sender: PartyRef,
    receivers: PartyRef[],
    queuedAt: string,
    label: string,
    options: {
      correlationId?: string;
      causationId?: string;
      changeType?: ChangeType;
      by?: CaseworkerContact;
    } = {},
  ): Envelope {
    const system = systemOf(sender);
    return {
      messageId: this.id(label),
      correlationId: options.correlationId ?? null,
      causationId: options.causationId ?? null,
      sender,
      receivers,
      originSystem: system.originSystem,
      registeredBy: {
        authority: system.authority,
        userId: options.by ? userIdOf(system.userPrefix, options.by) : `${system.userPrefix}-system`,
      },
      queuedAt,
      changeType: options.changeType ?? 'CREATE',
    };
  }

  add<K extends PartnerMessageKind>(
    at: number,
    story: string,
    kind: K,
    value: MessageTypes[K],
    key: string,
    expect: Expectation,
    cpr: string | null,
  ): void {
    const envelope = (value as { envelope: Envelope }).envelope;
    this.drafts.push({
      at,
      order: this.index * 64 + this.step++,
      scenario: this.scenario.id,
      story,
      kind,
      value,
      publisher: envelope.sender,
      key,
      cpr,
      expect,
    } as AnyDraft);
  }

  /** The partner's own reference for this case: what it keys its messages by. */
  key(publisher: PartyRef): string {
    return `${partySlug(publisher)}-sag-${this.index}`;
  }

  citizen(ageRange: [number, number], onDate: string): SimulatedCitizen {
    return inventCitizen(this.prng, ageRange, onDate, this.env.takenCprs);
  }
}

const routed = (...flags: string[]): Expectation => ({ outcome: 'routed', flags });

/**
 * One storyline, starting on `start` (a Danish date). Which kind of storyline and under which
 * agreement is drawn from the storyline's own generator, so storylines are independent of each other.
 */
export function planStoryline(index: number, start: string, env: StoryEnv): AnyDraft[] {
  const prng = Prng.derive(env.seed, 'story', index);
  const type = prng.weighted({ citizen: 78, jobOrder: 17, unionContact: 5 });
  if (type === 'citizen') {
    const scenario = SCENARIOS[prng.weighted({ norddjurs: 45, hedensted: 20, viborg: 15, koebenhavn: 20 })];
    const story = new Story(prng, env, index, scenario);
    CITIZEN_STORIES[scenario.id](story, start);
    return story.drafts;
  }
  if (type === 'jobOrder') {
    const story = new Story(prng, env, index, SCENARIOS[prng.weighted({ norddjurs: 75, hedensted: 25 })]);
    jobOrderStory(story, start);
    return story.drafts;
  }
  const story = new Story(prng, env, index, SCENARIOS[prng.weighted({ hedensted: 70, viborg: 30 })]);
  unionContactStory(story, start);
  return story.drafts;
}

const CITIZEN_STORIES: Readonly<Record<ScenarioId, (story: Story, start: string) => void>> = {
  norddjurs: norddjursCitizen,
  hedensted: hedenstedCitizen,
  viborg: viborgCitizen,
  koebenhavn: koebenhavnCitizen,
};

// -------------------------------------------------------------------------------- seed 001 Norddjurs

/**
 * Seed 001: the a-kasse holds months 1-3 (recommendations, risk notice, handover), the jobcenter
 * months 4-6 (the joint interview, placements); inquiries both ways.
 */
function norddjursCitizen(story: Story, start: string): void {
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

/** F8: a question between colleagues, either way; the receiver answers (answering/). */
function inquiry(
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
function placement(
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

// -------------------------------------------------------------------------------- seed 000 Hedensted

/**
 * Seed 000: the jobcenter involves the a-kasse (and, with the citizen's consent, the union) in
 * follow-up through three-party meetings; placements with an educational perspective; inquiries.
 */
function hedenstedCitizen(story: Story, start: string): void {
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

function threePartyMeeting(
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

// ----------------------------------------------------------------------------------- seed 002 Viborg

/**
 * Seed 002 (in force in 2020 only, so today's exchanges under it are flagged NO_AGREEMENT_IN_FORCE):
 * availability questions for sick-listed unemployed, three-party meetings, placements, inquiries.
 */
function viborgCitizen(story: Story, start: string): void {
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

// ------------------------------------------------------------------------------- seed 003 København

/**
 * Seed 003 (a draft): the a-kasse keeps the contact course until the end of month 6 and registers
 * job-club referrals with the jobcenter; the handover comes after month 6.
 */
function koebenhavnCitizen(story: Story, start: string): void {
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

// ------------------------------------------------------------------------------------- job orders

/**
 * F5 (seed 001, Jobformidling): an a-kasse forwards a job order it cannot fill, or the jobcenter
 * shares one; the jobcenter reports its status; a candidate is proposed and maybe hired.
 * Hedensted's job orders fall outside its agreement (seed 000 says nothing about JobAG).
 */
function jobOrderStory(story: Story, start: string): void {
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

// ---------------------------------------------------------------------------------- union contact

/**
 * Seed 000 "vejledning-arbejdspladser": the jobcenter asks the union about local workplaces (and the
 * other way round) - about no citizen, so no consent is needed. Seed 002 has the same contact in
 * Viborg (flagged: that agreement ended in 2020).
 */
function unionContactStory(story: Story, start: string): void {
  const { prng, scenario } = story;
  const jc = jobcenter(scenario.jobcenter);
  const un = union(prng.pick(scenario.unions));
  inquiry(story, jc, un, null, start, scenario.id === 'viborg' ? ['NO_AGREEMENT_IN_FORCE'] : []);
}
