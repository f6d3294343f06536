import { copyFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

import type { AgreementCatalog } from '../catalog/agreement-catalog';
import { defaultAgreementsDir } from '../catalog/default-agreements-dir';
import {
  type AgreementSourceFile,
  loadAgreementCatalog,
  parseAgreementCatalog,
} from '../catalog/load-agreement-catalog';
import { DanishWorkingDayCalendar } from '../calendar/danish-working-day-calendar';
import type {
  CitizenFacts,
  Exchange,
  GeneralExchange,
  PlacementExchange,
  PlacementFacts,
  RecommendationExchange,
  RecommendationFacts,
  RiskNoticeExchange,
} from '../exchange/exchange';
import type { Channel } from '../vocabulary/message-kinds';
import { type PartyRef, VITAS } from '../vocabulary/parties';

/**
 * Test fixtures, in one place and shared with the README: the real agreements folder, parties by
 * name, and builders for exchanges whose defaults are a clean case (no findings).
 */
export const SEED_AGREEMENTS_DIR = defaultAgreementsDir();
export const EXAMPLE_NEW_MUNICIPALITY_DIR = join(__dirname, 'example-new-municipality');

let seedCatalog: AgreementCatalog | undefined;
/** The four seed agreements, loaded once per test file. */
export function seeds(): AgreementCatalog {
  seedCatalog ??= loadAgreementCatalog(SEED_AGREEMENTS_DIR);
  return seedCatalog;
}

export const calendar = new DanishWorkingDayCalendar();

export const SEED_PARTIES_YAML = readFileSync(join(SEED_AGREEMENTS_DIR, 'parties.yaml'), 'utf8');

/** A small valid agreement (Horsens + HK, 2026, inquiries both ways) for tests to vary. */
export function minimalAgreement(): Record<string, unknown> {
  return {
    id: 'horsens-hk-2026',
    title: { da: 'Aftale', en: 'Agreement' },
    seed: 'test',
    status: 'signed',
    parties: [
      { kind: 'jobcenter', id: '615' },
      { kind: 'akasse', id: 'HK' },
    ],
    validity: { from: '2026-01-01', to: '2026-12-31', clause: 'gyldighed' },
    covers: [
      { kind: 'beskedmodul.Inquiry', from: ['akasse'], to: ['jobcenter'], bothWays: true, clause: 'kontakt' },
    ],
    retention: { exchangeLogMonths: 24 },
    clauses: [
      { id: 'gyldighed', ref: 'test, Gyldighed', da: 'Gælder 2026.', en: 'Valid 2026.' },
      { id: 'kontakt', ref: 'test, Kontakt', da: 'Svar hurtigst muligt.', en: 'Answer fast.' },
    ],
  };
}

/** The seed party directory plus one agreement file. */
export function agreementFiles(
  agreement: Record<string, unknown>,
  name = '005-horsens.yaml',
): AgreementSourceFile[] {
  return [
    { name: 'parties.yaml', content: SEED_PARTIES_YAML },
    { name, content: stringify(agreement) },
  ];
}

/** A catalog of the seed party directory and the given agreement objects only. */
export function catalogOf(...agreements: Record<string, unknown>[]): AgreementCatalog {
  return parseAgreementCatalog([
    { name: 'parties.yaml', content: SEED_PARTIES_YAML },
    ...agreements.map((a, i) => ({ name: `10${i}-test.yaml`, content: stringify(a) })),
  ]);
}

/** A temp folder with the seed files plus `extra` files copied from `fromDir`. */
export function tempAgreementsDir(fromDir?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hub-agreements-'));
  for (const name of readdirSync(SEED_AGREEMENTS_DIR))
    copyFileSync(join(SEED_AGREEMENTS_DIR, name), join(dir, name));
  if (fromDir !== undefined) {
    for (const name of readdirSync(fromDir)) copyFileSync(join(fromDir, name), join(dir, name));
  }
  return dir;
}

export const P = {
  akasse3F: { kind: 'akasse', id: '3F' },
  akasseHK: { kind: 'akasse', id: 'HK' },
  akasseKrifa: { kind: 'akasse', id: 'KRIFA' },
  jobcenterKobenhavn: { kind: 'jobcenter', id: '101' },
  jobcenterHorsens: { kind: 'jobcenter', id: '615' },
  jobcenterNorddjurs: { kind: 'jobcenter', id: '707' },
  jobcenterHedensted: { kind: 'jobcenter', id: '766' },
  jobcenterViborg: { kind: 'jobcenter', id: '791' },
  jobcenterAalborg: { kind: 'jobcenter', id: '851' },
  unionFhHorsensHedensted: { kind: 'union', id: 'FH-HORSENS-HEDENSTED' },
  unionLoViborg: { kind: 'union', id: 'LO-VIBORG' },
  company: { kind: 'company', id: '12345674' },
  vitas: VITAS,
} as const satisfies Record<string, PartyRef>;

interface Common {
  readonly id?: string;
  readonly channel?: Channel;
  readonly sender?: PartyRef;
  readonly receivers?: readonly PartyRef[];
  readonly date?: string;
  readonly citizen?: CitizenFacts;
  readonly inReplyTo?: Exchange['inReplyTo'];
}

/** Every field seed 001 asks for, for a course. */
export const COMPLETE_COURSE: RecommendationFacts = {
  offerType: 'course',
  courseTitle: 'Truckcertifikat B',
  startDate: '2025-03-24',
  endDate: '2025-04-04',
  weeklyHours: 37,
  priceDkk: 8950,
  provider: {
    name: 'AMU Djursland',
    address: 'Skolevej 1, 8500 Grenaa',
    email: 'kursus@amu-djursland.example',
    phone: '+45 86 00 00 00',
  },
  justification: 'Lagerjob i området kræver truckcertifikat.',
  motivation: 'Ønsker at skifte fra detailhandel til lager.',
  caseworker: { name: 'Sagsbehandler A', email: 'sb@3f-akasse.example', phone: '+45 70 00 00 00' },
};

/** A complete recommendation 3F → Jobcenter Norddjurs in month 2 of unemployment (2025). */
export function recommendation(
  overrides: Common & { readonly recommendation?: RecommendationFacts } = {},
): RecommendationExchange {
  return {
    id: 'msg-recommendation',
    kind: 'beskedmodul.EarlyOfferRecommendation',
    channel: 'beskedmodul',
    sender: P.akasse3F,
    receivers: [P.jobcenterNorddjurs],
    date: '2025-03-10',
    citizen: {
      birthDate: '1985-06-01',
      categories: ['insured-unemployed'],
      unemployment: { startDate: '2025-01-15' },
    },
    recommendation: COMPLETE_COURSE,
    ...overrides,
  };
}

/** A risk notice 3F → Norddjurs, handover 2025-04-15, sent exactly 14 days before. */
export function riskNotice(
  overrides: Common & { readonly plannedHandoverDate?: string } = {},
): RiskNoticeExchange {
  const { plannedHandoverDate, ...rest } = overrides;
  return {
    id: 'msg-risk',
    kind: 'beskedmodul.LongTermUnemploymentRiskNotice',
    channel: 'beskedmodul',
    sender: P.akasse3F,
    receivers: [P.jobcenterNorddjurs],
    date: '2025-04-01',
    citizen: { categories: ['insured-unemployed'], unemployment: { startDate: '2025-01-15' } },
    riskNotice: { plannedHandoverDate: plannedHandoverDate ?? '2025-04-15' },
    ...rest,
  };
}

/** A placement message VITAS → Jobcenter Viborg in 2020, granted before the start, ratio kept. */
export function placement(
  kind: PlacementExchange['kind'],
  overrides: Common & { readonly placement?: Partial<PlacementFacts> } = {},
): PlacementExchange {
  const { placement: facts, ...rest } = overrides;
  return {
    id: `msg-${kind}`,
    kind,
    channel: 'vitas',
    sender: P.vitas,
    receivers: [P.jobcenterViborg],
    date: '2020-03-02',
    citizen: { categories: ['sick-listed-unemployed'] },
    placement: {
      placementType: 'work-placement',
      grantState: 'granted',
      grantedOn: '2020-02-28',
      startDate: '2020-03-02',
      pNumber: '1012345678',
      ordinaryStaffAtPNumber: 10,
      otherPlacementsAtPNumber: 0,
      ...facts,
    },
    ...rest,
  };
}

/** Any other kind; defaults to an inquiry 3F → Norddjurs in 2025. */
export function general(kind: GeneralExchange['kind'], overrides: Common = {}): GeneralExchange {
  return {
    id: `msg-${kind}`,
    kind,
    channel: 'beskedmodul',
    sender: P.akasse3F,
    receivers: [P.jobcenterNorddjurs],
    date: '2025-03-10',
    ...overrides,
  };
}
