import type { CaseworkerContact, Company, PartyRef } from '@hub/contracts';

import { cvrFrom } from './identities';

/**
 * Who takes part in the simulated traffic: the parties of the four seed agreements (as in
 * agreements/*.yaml and parties.yaml; a unit test keeps the two in step), their case systems and
 * caseworkers, and companies near each jobcentre. Every person, company and address here is
 * invented; e-mail addresses use the reserved .example domain.
 */
export type ScenarioId = 'norddjurs' | 'hedensted' | 'viborg' | 'koebenhavn';

export interface Scenario {
  id: ScenarioId;
  /** The agreement the traffic is meant to fall under (agreements/*.yaml). */
  agreementId: string;
  jobcenter: string;
  akasser: readonly string[];
  unions: readonly string[];
  /** Months the a-kasse holds the contact course (seed 001: 3; seed 003: 6). */
  akasseMonths: number;
}

/** The a-kasser of FH (formerly LO/FTF): group FH-AKASSER in agreements/parties.yaml. */
const FH_AKASSER = ['3F', 'HK', 'FOA', 'METAL'] as const;

export const SCENARIOS: Readonly<Record<ScenarioId, Scenario>> = {
  // Seed 001: Norddjurs and "the a-kasse" (signed per a-kasse; five signatories in the data).
  norddjurs: {
    id: 'norddjurs',
    agreementId: 'norddjurs-akasse-2024',
    jobcenter: '707',
    akasser: ['3F', 'HK', 'FOA', 'METAL', 'KRIFA'],
    unions: [],
    akasseMonths: 3,
  },
  // Seed 000: Hedensted and FH Horsens Hedensted (unions and the FH a-kasser).
  hedensted: {
    id: 'hedensted',
    agreementId: 'hedensted-fh-2021',
    jobcenter: '766',
    akasser: FH_AKASSER,
    unions: ['FH-HORSENS-HEDENSTED'],
    akasseMonths: 3,
  },
  // Seed 002: Viborg with LO and FTF, valid in 2020 only - today's traffic under it is flagged.
  viborg: {
    id: 'viborg',
    agreementId: 'viborg-lo-ftf-2020',
    jobcenter: '791',
    akasser: FH_AKASSER,
    unions: ['LO-VIBORG', 'FTF-VIBORG'],
    akasseMonths: 3,
  },
  // Seed 003: the Copenhagen partnership draft; the a-kasse keeps the course until month 6.
  koebenhavn: {
    id: 'koebenhavn',
    agreementId: 'koebenhavn-lo-akasser-2009',
    jobcenter: '101',
    akasser: FH_AKASSER,
    unions: [],
    akasseMonths: 6,
  },
};

export interface PartnerSystem {
  name: string;
  /** The case system the messages come from (envelope.originSystem). */
  originSystem: string;
  /** Registering authority and the user id prefix of its caseworkers. */
  authority: string;
  userPrefix: string;
  caseworkers: readonly CaseworkerContact[];
}

const worker = (name: string, domain: string, phone: string): CaseworkerContact => ({
  name,
  email: `${name.toLowerCase().replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa').replace(/ /g, '.')}@${domain}`,
  phone,
});

export const JOBCENTRES: Readonly<Record<string, PartnerSystem>> = {
  '707': {
    name: 'Jobcenter Norddjurs',
    originSystem: 'Jobcenter Norddjurs case system',
    authority: 'Jobcenter Norddjurs',
    userPrefix: 'jc707',
    caseworkers: [
      worker('Sara Holm', 'norddjurs.example', '+4523456789'),
      worker('Mikkel Dahl', 'norddjurs.example', '+4523456790'),
      worker('Rikke Bech', 'norddjurs.example', '+4523456791'),
    ],
  },
  '766': {
    name: 'Jobcenter Hedensted',
    originSystem: 'Jobcenter Hedensted case system',
    authority: 'Jobcenter Hedensted',
    userPrefix: 'jc766',
    caseworkers: [
      worker('Jens Bak', 'hedensted.example', '+4534567890'),
      worker('Tina Krogh', 'hedensted.example', '+4534567891'),
    ],
  },
  '791': {
    name: 'Jobcenter Viborg',
    originSystem: 'Jobcenter Viborg case system',
    authority: 'Jobcenter Viborg',
    userPrefix: 'jc791',
    caseworkers: [
      worker('Anne Vang', 'viborg.example', '+4545678901'),
      worker('Peter Lind', 'viborg.example', '+4545678902'),
    ],
  },
  '101': {
    name: 'Jobcenter København',
    originSystem: 'Jobcenter København case system',
    authority: 'Jobcenter København',
    userPrefix: 'jc101',
    caseworkers: [
      worker('Maja Friis', 'kk.example', '+4533661100'),
      worker('Omar Said', 'kk.example', '+4533661101'),
    ],
  },
};

export const AKASSER: Readonly<Record<string, PartnerSystem>> = {
  '3F': {
    name: '3F A-kasse',
    originSystem: '3F A-kasse case system',
    authority: '3F A-kasse',
    userPrefix: '3f',
    caseworkers: [
      worker('Karsten Due', '3f-akasse.example', '+4556789012'),
      worker('Lone Berg', '3f-akasse.example', '+4556789013'),
    ],
  },
  HK: {
    name: 'HK Danmarks A-kasse',
    originSystem: 'HK A-kasse case system',
    authority: 'HK A-kasse',
    userPrefix: 'hk',
    caseworkers: [
      worker('Lise Lund', 'hk-akasse.example', '+4512345678'),
      worker('Ahmad Nouri', 'hk-akasse.example', '+4512345679'),
    ],
  },
  FOA: {
    name: 'FOA A-kasse',
    originSystem: 'FOA A-kasse case system',
    authority: 'FOA A-kasse',
    userPrefix: 'foa',
    caseworkers: [worker('Birgitte Munk', 'foa-akasse.example', '+4546464646')],
  },
  METAL: {
    name: 'Dansk Metals A-kasse',
    originSystem: 'Dansk Metal A-kasse case system',
    authority: 'Dansk Metals A-kasse',
    userPrefix: 'metal',
    caseworkers: [worker('Henrik Skov', 'metal-akasse.example', '+4533633000')],
  },
  KRIFA: {
    name: 'Krifa A-kasse',
    originSystem: 'Krifa A-kasse case system',
    authority: 'Krifa A-kasse',
    userPrefix: 'krifa',
    caseworkers: [worker('Ester Juul', 'krifa-akasse.example', '+4570131313')],
  },
};

export const UNIONS: Readonly<Record<string, PartnerSystem>> = {
  'FH-HORSENS-HEDENSTED': {
    name: 'FH Horsens Hedensted',
    originSystem: 'FH Horsens Hedensted member system',
    authority: 'FH Horsens Hedensted',
    userPrefix: 'fhhh',
    caseworkers: [worker('Ole Brandt', 'fh-horsens-hedensted.example', '+4575620000')],
  },
  'LO-VIBORG': {
    name: 'LO Viborg',
    originSystem: 'LO Viborg member system',
    authority: 'LO Viborg',
    userPrefix: 'lov',
    caseworkers: [worker('Grete Maack', 'lo-viborg.example', '+4586620000')],
  },
  'FTF-VIBORG': {
    name: 'FTF Viborg',
    originSystem: 'FTF Viborg member system',
    authority: 'FTF Viborg',
    userPrefix: 'ftfv',
    caseworkers: [worker('Jonas Kirk', 'ftf-viborg.example', '+4586620001')],
  },
};

export const VITAS_SYSTEM: PartnerSystem = {
  name: 'VITAS',
  originSystem: 'VITAS',
  authority: 'VITAS',
  userPrefix: 'vitas',
  caseworkers: [],
};

export const VITAS_PARTY: PartyRef = { kind: 'vitas', id: 'VITAS' };

export interface SimulatedCompany {
  company: Company;
  contact: { name: string; email: string; phone: string };
  /** Ordinary employees at the P-number (the ratio rule counts per P-number). */
  employees: number;
  occupations: readonly { title: string; code: string }[];
}

const company = (
  cvrPrefix: string,
  pNumber: string,
  name: string,
  address: string,
  contact: string,
  domain: string,
  employees: number,
  occupations: { title: string; code: string }[],
): SimulatedCompany => ({
  company: { cvr: cvrFrom(cvrPrefix), pNumber, name, address },
  contact: worker(contact, domain, `+4586${cvrPrefix.slice(1, 7)}`),
  employees,
  occupations,
});

/** Companies near each jobcentre (fictitious), where placements and job orders happen. */
export const COMPANIES: Readonly<Record<string, readonly SimulatedCompany[]>> = {
  '707': [
    company(
      '3951207',
      '1012345601',
      'Djurs Maskinfabrik ApS',
      'Industrivej 1, 8500 Grenaa',
      'Per Holt',
      'djurs-maskin.example',
      24,
      [
        { title: 'CNC-operatør', code: '7223' },
        { title: 'Lagermedarbejder', code: '4321' },
      ],
    ),
    company(
      '4102833',
      '1012345602',
      'Grenaa Havnelager A/S',
      'Kajgade 4, 8500 Grenaa',
      'Mette Kjær',
      'grenaa-havn.example',
      61,
      [
        { title: 'Truckfører', code: '8344' },
        { title: 'Lagermedarbejder', code: '4321' },
      ],
    ),
    company(
      '3380145',
      '1012345603',
      'Kattegat Pleje ApS',
      'Søndergade 12, 8500 Grenaa',
      'Inge Toft',
      'kattegat-pleje.example',
      14,
      [{ title: 'Social- og sundhedshjælper', code: '5322' }],
    ),
  ],
  '766': [
    company(
      '2954118',
      '1023456701',
      'Hedensted Byg A/S',
      'Vejlevej 20, 8722 Hedensted',
      'Mads Friis',
      'hedensted-byg.example',
      42,
      [
        { title: 'Tømrer', code: '7115' },
        { title: 'Murer', code: '7112' },
      ],
    ),
    company(
      '3127766',
      '1023456702',
      'Juelsminde Fisk ApS',
      'Havnen 3, 7130 Juelsminde',
      'Karen Lykke',
      'juelsminde-fisk.example',
      9,
      [{ title: 'Fiskeindustriarbejder', code: '7511' }],
    ),
  ],
  '791': [
    company(
      '4433521',
      '1034567801',
      'Viborg Kommunale Køkkener I/S',
      'Prinsens Allé 5, 8800 Viborg',
      'Søren Ravn',
      'vk-koekken.example',
      33,
      [{ title: 'Køkkenmedhjælper', code: '9412' }],
    ),
    company(
      '3615502',
      '1034567802',
      'Mønsted Kalk ApS',
      'Kalkværksvej 8, 8800 Viborg',
      'Dorthe Hald',
      'moensted-kalk.example',
      18,
      [{ title: 'Maskinfører', code: '8342' }],
    ),
  ],
  '101': [
    company(
      '2787710',
      '1045678901',
      'Nordhavn Logistik A/S',
      'Containervej 9, 2150 Nordhavn',
      'Ali Hassan',
      'nordhavn-logistik.example',
      120,
      [
        { title: 'Lagermedarbejder', code: '4321' },
        { title: 'Chauffør', code: '8322' },
      ],
    ),
    company(
      '4271905',
      '1045678902',
      'Café Nørrebro ApS',
      'Nørrebrogade 44, 2200 København N',
      'Sofie Winther',
      'cafe-noerrebro.example',
      7,
      [{ title: 'Tjener', code: '5131' }],
    ),
  ],
};
