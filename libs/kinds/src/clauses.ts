import type { SeedClause } from './kind-definition';

/**
 * Seed clauses served by more than one kind, quoted verbatim (docs/domain.md names the seeds; 'seed
 * 001' is the Norddjurs agreement on the simplified contact course, 2024-2025). A clause only one
 * kind serves is quoted in that kind's file.
 */
export const TILBUD: SeedClause = {
  seed: '001',
  section: 'Tilbud',
  quote: 'Indstilling om et tidligt tilbud afgives i beskedmodulet.',
};
export const VIRKSOMHEDSRETTEDE = 'Virksomhedsrettede aktiviteter – virksomhedspraktik og løntilskud';
export const PLACEMENT_FOLLOW_UP: SeedClause = {
  seed: '001',
  section: VIRKSOMHEDSRETTEDE,
  quote: 'Vi følger op på den virksomhedsrettede aktivitet hos den ledige og ved virksomhed.',
};
export const VITAS_FIRST: SeedClause = {
  seed: '002',
  section: '2.2 Godkendelse af den virksomhedsrettede indsats',
  quote: 'igangsættes aktiveringen først når plaseringen er indberettet via VITAS.',
};
export const OBJECTIVE_CRITERIA: SeedClause = {
  seed: '001',
  section: VIRKSOMHEDSRETTEDE,
  quote: 'Hvis de objektive kriterierer er på plads, vil jobcentret lave en bevilling.',
};
export const SPECIAL_TERMS: SeedClause = {
  seed: '000',
  section: 'Aftalen',
  quote:
    'Ansættelser på særlige vilkår foregår som udgangspunkt kun undtagelsesvis - og altid med udgangspunkt i faglige aftaler, de sociale kapitler og med inddragelse af virksomhed, tillidsrepræsentanter-og den faglige organisation.',
};
export const JOB_ORDER_OWNER: SeedClause = {
  seed: '001',
  section: 'Jobformidling',
  quote:
    'Som udgangspunkt er jobcentret tovholder på jobordrer og har virksomhedskontakten - medmindre andet aftales.',
};
export const JOB_ORDER_FOLLOW_UP: SeedClause = {
  seed: '001',
  section: 'Jobformidling',
  quote:
    'Endelig følger den formidlingsansvarlige op på jobordren hos virksomheden og noterer i fagsystemet, hvilken ledige kandidat der er ansat.',
};
export const ANSWER_ASAP: SeedClause = {
  seed: '001',
  section: 'Dialog og kommunikation',
  quote: 'Vi bestræber os gensidigt på at svare tilbage på henvendelser hurtigst muligt.',
};
export const JOBCENTER_EMAIL: SeedClause = {
  seed: '001',
  section: 'Dialog og kommunikation',
  quote: 'Det er aftalt, at kontakt til jobcentret foregår via jobcentrets e-mail (jobcenter@norddjurs.dk).',
};
export const AVAILABILITY: SeedClause = {
  seed: '002',
  section: '3.2 Sygemeldte ledige',
  quote:
    'skal jobcentret indkalde/kontakte pågældendes a-kasse for at afklare om tilbuddet, enten fra start eller i god tid inden afslutning af forløbet, lever op til arbejdsløshedsforsikringens lovens bestemmelser for at stå til rådighed',
};
export const TIMELINESS: SeedClause = {
  seed: '004',
  section: 'Fokus på rettidighed – tilbud og samtaler til tiden',
  quote:
    'målet er stadig at sikre en rettidighed så tæt på 100 % som muligt for såvel kontaktforløb, førstegangsaktivering og gentagende aktivering af ledige.',
};
export const PERSONAL_DATA: SeedClause = {
  seed: '002',
  section: '4. Udveksling af persondata',
  quote:
    'Udveksling af persondata mellem aftaleparterne sker efter den til enhver tid gældende lovgivning på området',
};
export const COMPLIANCE_CONTACT: SeedClause = {
  seed: '002',
  section: '1.1.3 Grundlaget for samarbejdet',
  quote: 'Tage kontakt ved tvivl om overholdelse af lovgivningen eller indgåede aftaler',
};
