import type { MessageKind, PartyKind } from '../generated/messages';

/**
 * Who sends and receives each message kind, and the agreement clause it serves: the facts
 * schemas/README.md is generated from, kept next to the types so that a new kind without an entry
 * does not compile. Quotes are verbatim from the seed agreements (docs/domain.md lists them and the
 * files in agreements/ that model them); 'seed 001' is the Norddjurs agreement on the simplified
 * contact course (2024-2025).
 */
export type Seed = '000' | '001' | '002' | '003' | '004';

export interface SeedClause {
  seed: Seed;
  /** The section heading in the seed, as written there. */
  section: string;
  /** The sentence the kind serves, verbatim (Danish). */
  quote: string;
}

export interface KindInfo {
  /** The flow of docs/domain.md (F1-F8), or 'hub' for the hub's own records and events. */
  flow: string;
  /** Kinds of party that may send it. */
  senders: readonly PartyKind[];
  /** Kinds of party it is routed to. */
  receivers: readonly PartyKind[];
  clauses: readonly SeedClause[];
}

const TILBUD: SeedClause = {
  seed: '001',
  section: 'Tilbud',
  quote: 'Indstilling om et tidligt tilbud afgives i beskedmodulet.',
};
const VIRKSOMHEDSRETTEDE = 'Virksomhedsrettede aktiviteter – virksomhedspraktik og løntilskud';
const PLACEMENT_FOLLOW_UP: SeedClause = {
  seed: '001',
  section: VIRKSOMHEDSRETTEDE,
  quote: 'Vi følger op på den virksomhedsrettede aktivitet hos den ledige og ved virksomhed.',
};
const VITAS_FIRST: SeedClause = {
  seed: '002',
  section: '2.2 Godkendelse af den virksomhedsrettede indsats',
  quote: 'igangsættes aktiveringen først når plaseringen er indberettet via VITAS.',
};
const OBJECTIVE_CRITERIA: SeedClause = {
  seed: '001',
  section: VIRKSOMHEDSRETTEDE,
  quote: 'Hvis de objektive kriterierer er på plads, vil jobcentret lave en bevilling.',
};
const SPECIAL_TERMS: SeedClause = {
  seed: '000',
  section: 'Aftalen',
  quote:
    'Ansættelser på særlige vilkår foregår som udgangspunkt kun undtagelsesvis - og altid med udgangspunkt i faglige aftaler, de sociale kapitler og med inddragelse af virksomhed, tillidsrepræsentanter-og den faglige organisation.',
};
const JOB_ORDER_OWNER: SeedClause = {
  seed: '001',
  section: 'Jobformidling',
  quote:
    'Som udgangspunkt er jobcentret tovholder på jobordrer og har virksomhedskontakten - medmindre andet aftales.',
};
const ANSWER_ASAP: SeedClause = {
  seed: '001',
  section: 'Dialog og kommunikation',
  quote: 'Vi bestræber os gensidigt på at svare tilbage på henvendelser hurtigst muligt.',
};
const AVAILABILITY: SeedClause = {
  seed: '002',
  section: '3.2 Sygemeldte ledige',
  quote:
    'skal jobcentret indkalde/kontakte pågældendes a-kasse for at afklare om tilbuddet, enten fra start eller i god tid inden afslutning af forløbet, lever op til arbejdsløshedsforsikringens lovens bestemmelser for at stå til rådighed',
};
const TIMELINESS: SeedClause = {
  seed: '004',
  section: 'Fokus på rettidighed – tilbud og samtaler til tiden',
  quote:
    'målet er stadig at sikre en rettidighed så tæt på 100 % som muligt for såvel kontaktforløb, førstegangsaktivering og gentagende aktivering af ledige.',
};
const PERSONAL_DATA: SeedClause = {
  seed: '002',
  section: '4. Udveksling af persondata',
  quote:
    'Udveksling af persondata mellem aftaleparterne sker efter den til enhver tid gældende lovgivning på området',
};
const COMPLIANCE_CONTACT: SeedClause = {
  seed: '002',
  section: '1.1.3 Grundlaget for samarbejdet',
  quote: 'Tage kontakt ved tvivl om overholdelse af lovgivningen eller indgåede aftaler',
};

const PARTNERS: readonly PartyKind[] = ['akasse', 'jobcenter', 'union'];
const PLACEMENT_WATCHERS: readonly PartyKind[] = ['company', 'akasse', 'union'];
const ADAPTERS: readonly PartyKind[] = ['akasse', 'jobcenter', 'union', 'company'];

export const MESSAGE_CATALOG: { readonly [K in MessageKind]: KindInfo } = {
  'beskedmodul.EarlyOfferRecommendation': {
    flow: 'F1',
    senders: ['akasse'],
    receivers: ['jobcenter'],
    clauses: [TILBUD],
  },
  'beskedmodul.EarlyOfferDecision': {
    flow: 'F1',
    senders: ['jobcenter'],
    receivers: ['akasse'],
    clauses: [
      {
        seed: '001',
        section: 'Vejledning og opkvalificering',
        quote: 'vil ønsket blive skønnet, og resultatet vil blive meddelt den ledige og a-kasse.',
      },
      { seed: '001', section: 'Tilbud', quote: 'Jobcentret ser på indstillingen hurtigst muligt.' },
    ],
  },
  'beskedmodul.LongTermUnemploymentRiskNotice': {
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
  'beskedmodul.Handover': {
    flow: 'F3',
    senders: ['akasse'],
    receivers: ['jobcenter'],
    clauses: [
      {
        seed: '001',
        section: 'Jobplan',
        quote:
          'Det skal sikre, at det i overgangen til jobcentret er tydeligt, hvilke initiativer der har været iværksat, samt hvilke aftaler der er indgået for at få den ledige i job.',
      },
      { seed: '001', section: 'CV-oplysninger', quote: 'A-kassen sikrer derudover et fyldestgørende cv' },
      {
        seed: '001',
        section: 'Jobsamtaler',
        quote:
          'A-kassen afholder 3 jobsamtaler med den ledige i de første 3 måneder af fuld ledighed, og jobcentret afholder 3 jobsamtaler fra måned 4-6.',
      },
    ],
  },
  'beskedmodul.JointInterviewInvitation': {
    flow: 'F3',
    senders: ['jobcenter'],
    receivers: ['akasse'],
    clauses: [
      {
        seed: '001',
        section: 'Jobsamtale og overlevering',
        quote:
          'Ønsker den ledige a-kassens deltagelse i den fælles jobsamtale, indkalder jobcentret. Jobcentret sender link med indkaldelse via DFDG.',
      },
    ],
  },
  'beskedmodul.ThreePartyMeetingRequest': {
    flow: 'F6',
    senders: PARTNERS,
    receivers: PARTNERS,
    clauses: [
      {
        seed: '002',
        section: '3.4 A-dagpengemodtagere der ikke er omfattet af a-kasseforsøget',
        quote:
          'Herudover, kan der med henblik på en øget fælles indsats, afholdes trepartssamtale såfremt jobcentret eller a-kassen anmoder om dette',
      },
      {
        seed: '002',
        section: '3.1 Sygemeldte beskæftigede',
        quote:
          'Såfremt en af aftaleparterne skønner det nødvendigt, kan der indkaldes til en trepartssamtale med henblik på at afklare det videre forløb.',
      },
    ],
  },
  'beskedmodul.AvailabilityQuestion': {
    flow: 'F6',
    senders: ['jobcenter'],
    receivers: ['akasse'],
    clauses: [AVAILABILITY],
  },
  'beskedmodul.AvailabilityAnswer': {
    flow: 'F6',
    senders: ['akasse'],
    receivers: ['jobcenter'],
    clauses: [AVAILABILITY],
  },
  'beskedmodul.JobClubReferral': {
    flow: 'F7',
    senders: ['akasse'],
    receivers: ['jobcenter'],
    clauses: [
      {
        seed: '003',
        section: 'Generelle rammer for samarbejdet',
        quote: 'A-kassen kan kun visitere til disse forløb indenfor en nærmere aftalt økonomisk ramme',
      },
      {
        seed: '003',
        section: 'Generelle rammer for samarbejdet',
        quote: 'registrering mellem a-kasse og jobcenter, fx når ledige visiteres til jobklub.',
      },
    ],
  },
  'beskedmodul.Inquiry': {
    flow: 'F8',
    senders: PARTNERS,
    receivers: PARTNERS,
    clauses: [
      {
        seed: '001',
        section: 'Dialog og kommunikation',
        quote:
          'Det er aftalt, at kontakt til jobcentret foregår via jobcentrets e-mail (jobcenter@norddjurs.dk).',
      },
      COMPLIANCE_CONTACT,
    ],
  },
  'beskedmodul.InquiryAnswer': {
    flow: 'F8',
    senders: PARTNERS,
    receivers: PARTNERS,
    clauses: [ANSWER_ASAP],
  },
  'vitas.PlacementSubmitted': {
    flow: 'F4',
    senders: ['vitas'],
    receivers: ['jobcenter', 'akasse', 'union'],
    clauses: [
      VITAS_FIRST,
      {
        seed: '001',
        section: VIRKSOMHEDSRETTEDE,
        quote: 'Når virksomheder har færdiggjort et tilbud i VITAS, vil jobcentret behandle ansøgningen.',
      },
      {
        seed: '000',
        section: 'Aftalen',
        quote:
          'Aktivering i form af løntilskud, virksomhedspraktik, jobtræningspladser sker altid med et uddannelsesmæssigt perspektiv.',
      },
      SPECIAL_TERMS,
    ],
  },
  'vitas.PlacementPreApproved': {
    flow: 'F4',
    senders: ['jobcenter'],
    receivers: PLACEMENT_WATCHERS,
    clauses: [
      {
        seed: '001',
        section: VIRKSOMHEDSRETTEDE,
        quote: 'jobcentret løbende klar til at godkende indkomne tilbud i VITAS',
      },
    ],
  },
  'vitas.PlacementGranted': {
    flow: 'F4',
    senders: ['jobcenter'],
    receivers: PLACEMENT_WATCHERS,
    clauses: [
      OBJECTIVE_CRITERIA,
      {
        seed: '001',
        section: VIRKSOMHEDSRETTEDE,
        quote:
          'Bevillingen meddeles elektronisk til virksomheden, aktiviteten oprettes, og den publiceres for den ledige.',
      },
    ],
  },
  'vitas.PlacementRefused': {
    flow: 'F4',
    senders: ['jobcenter'],
    receivers: PLACEMENT_WATCHERS,
    clauses: [OBJECTIVE_CRITERIA, VITAS_FIRST],
  },
  'vitas.PlacementStarted': {
    flow: 'F4',
    senders: ['vitas'],
    receivers: ['jobcenter', 'akasse', 'union'],
    clauses: [VITAS_FIRST],
  },
  'vitas.PlacementExtended': {
    flow: 'F4',
    senders: ['jobcenter'],
    receivers: PLACEMENT_WATCHERS,
    clauses: [PLACEMENT_FOLLOW_UP],
  },
  'vitas.PlacementEnded': {
    flow: 'F4',
    senders: ['vitas', 'jobcenter'],
    receivers: ['jobcenter', 'akasse', 'union'],
    clauses: [
      PLACEMENT_FOLLOW_UP,
      {
        seed: '000',
        section: 'Aftalen',
        quote: 'Parterne er enige om, at ansættelser på ordinære vilkår til enhver tid har første prioritet.',
      },
    ],
  },
  'vitas.PlacementCancelled': {
    flow: 'F4',
    senders: ['vitas', 'jobcenter'],
    receivers: ['jobcenter', 'company', 'akasse', 'union'],
    clauses: [
      {
        seed: '000',
        section: 'Aftalen',
        quote:
          'Der er enighed om der sker en gensidig orientering om området til gavn for de ledige, således at der ikke sker uhensigtsmæssig brug af virksomhedsrettet aktivering.',
      },
    ],
  },
  'jobag.JobOrderCreated': {
    flow: 'F5',
    senders: ['jobcenter', 'akasse'],
    receivers: ['akasse', 'jobcenter'],
    clauses: [
      JOB_ORDER_OWNER,
      {
        seed: '001',
        section: 'Jobformidling',
        quote: 'Behandlingstiden af jobordre er hurtigst muligt, medmindre andet er aftalt med virksomheden.',
      },
    ],
  },
  'jobag.JobOrderForwarded': {
    flow: 'F5',
    senders: ['akasse'],
    receivers: ['jobcenter'],
    clauses: [
      {
        seed: '001',
        section: 'Jobformidling',
        quote:
          'Hvis a-kassen ikke har mulighed for at besætte jobordrer, de får ind, kan a-kassen videreformidle dem til jobcentret.',
      },
      { seed: '001', section: 'Jobformidling', quote: 'Videreformidlingen af jobordrer skal ske via JobAG.' },
    ],
  },
  'jobag.JobOrderShared': {
    flow: 'F5',
    senders: ['jobcenter'],
    receivers: ['akasse'],
    clauses: [
      {
        seed: '001',
        section: 'Jobformidling',
        quote:
          'Det er aftalt, at jobcentret gerne må supplere, hvis de har nogle job, som A-kassen med fordel kan formidle videre til den ledige.',
      },
    ],
  },
  'jobag.JobOrderStatusChanged': {
    flow: 'F5',
    senders: ['jobcenter', 'akasse'],
    receivers: ['akasse', 'jobcenter'],
    clauses: [
      {
        seed: '001',
        section: 'Jobformidling',
        quote:
          'Endelig følger den formidlingsansvarlige op på jobordren hos virksomheden og noterer i fagsystemet, hvilken ledige kandidat der er ansat.',
      },
    ],
  },
  'jobag.CandidateProposed': {
    flow: 'F5',
    senders: ['akasse', 'jobcenter'],
    receivers: ['jobcenter', 'akasse'],
    clauses: [
      {
        seed: '001',
        section: 'Jobformidling',
        quote:
          'Ledige kandidater fundet af A-kassen skal kontaktes af A-kassen, og ledige kandidater fundet af jobcentret skal kontaktes af jobcentret.',
      },
    ],
  },
  'jobag.CandidateHired': {
    flow: 'F5',
    senders: ['jobcenter'],
    receivers: ['akasse'],
    clauses: [
      {
        seed: '001',
        section: 'Jobformidling',
        quote:
          'Endelig følger den formidlingsansvarlige op på jobordren hos virksomheden og noterer i fagsystemet, hvilken ledige kandidat der er ansat.',
      },
    ],
  },
  'routing.RoutedMessage': {
    flow: 'hub',
    senders: ['hub'],
    receivers: ADAPTERS,
    clauses: [PERSONAL_DATA],
  },
  'routing.RejectionReceipt': {
    flow: 'hub',
    senders: ['hub'],
    receivers: PARTNERS,
    clauses: [COMPLIANCE_CONTACT],
  },
  'events.ExchangeRouted': { flow: 'hub', senders: ['hub'], receivers: ['hub'], clauses: [TIMELINESS] },
  'events.ExchangeRejected': {
    flow: 'hub',
    senders: ['hub'],
    receivers: ['hub'],
    clauses: [COMPLIANCE_CONTACT],
  },
  'events.DeliverySucceeded': { flow: 'hub', senders: ['hub'], receivers: ['hub'], clauses: [PERSONAL_DATA] },
  'events.DeliveryFailed': { flow: 'hub', senders: ['hub'], receivers: ['hub'], clauses: [PERSONAL_DATA] },
  'events.NotificationSent': {
    flow: 'hub',
    senders: ['hub'],
    receivers: ['hub'],
    clauses: [
      {
        seed: '001',
        section: 'Dialog og kommunikation',
        quote:
          'Det er aftalt, at kontakt til jobcentret foregår via jobcentrets e-mail (jobcenter@norddjurs.dk).',
      },
    ],
  },
  'events.DeadlineDue': {
    flow: 'hub',
    senders: ['hub'],
    receivers: ['hub'],
    clauses: [TIMELINESS, ANSWER_ASAP],
  },
  'events.DeadlineOverdue': { flow: 'hub', senders: ['hub'], receivers: ['hub'], clauses: [TIMELINESS] },
};

/** The partner channel a kind travels on ('beskedmodul', 'vitas', 'jobag'), or undefined for the hub's own. */
export function channelOfKind(kind: string): 'beskedmodul' | 'vitas' | 'jobag' | undefined {
  const folder = kind.slice(0, kind.indexOf('.'));
  return folder === 'beskedmodul' || folder === 'vitas' || folder === 'jobag' ? folder : undefined;
}
