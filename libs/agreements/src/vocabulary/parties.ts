import type { PartyKind as ContractPartyKind } from '@hub/contracts';

/**
 * Party references, as fixed by the team: a-kasse by its upper-case code, jobcenter by its 3-digit
 * kommunekode, union by its code, company by CVR, and the two national systems by a fixed id.
 */
/** The contracts' party kinds, less the hub itself (it is no party to an agreement). */
export type PartyKind = Exclude<ContractPartyKind, 'hub'>;
export const PARTY_KINDS = [
  'akasse',
  'jobcenter',
  'union',
  'company',
  'vitas',
  'jobag',
] as const satisfies readonly PartyKind[];
/** Compile-time proof that PARTY_KINDS lists every party kind the contracts know. */
const everyPartyKindListed: Exclude<PartyKind, (typeof PARTY_KINDS)[number]> extends never ? true : never =
  true;
void everyPartyKindListed;

/** Kinds that sign agreements and are listed in the party directory (`agreements/parties.yaml`). */
export const DIRECTORY_PARTY_KINDS = ['akasse', 'jobcenter', 'union'] as const;
export type DirectoryPartyKind = (typeof DIRECTORY_PARTY_KINDS)[number];

export interface PartyRef {
  readonly kind: PartyKind;
  /** a-kasse code, kommunekode, union code, CVR, 'VITAS' or 'JOBAG' — see PARTY_ID_PATTERNS. */
  readonly id: string;
}

/**
 * What lookups accept: any `{ kind, id }`, e.g. a receiver straight from a decoded envelope
 * (whose kind may be one the agreements do not know, such as the contracts' `hub`).
 */
export interface PartyRefLike {
  readonly kind: string;
  readonly id: string;
}

export const VITAS: PartyRef = { kind: 'vitas', id: 'VITAS' };
export const JOBAG: PartyRef = { kind: 'jobag', id: 'JOBAG' };

/** Id formats per kind; the checksum of a CVR number is the contracts library's job. */
export const PARTY_ID_PATTERNS: Readonly<Record<PartyKind, RegExp>> = {
  akasse: /^[A-Z0-9][A-Z0-9-]*$/,
  jobcenter: /^\d{3}$/,
  union: /^[A-Z0-9][A-Z0-9-]*$/,
  company: /^\d{8}$/,
  vitas: /^VITAS$/,
  jobag: /^JOBAG$/,
};

export const PARTY_ID_HINTS: Readonly<Record<PartyKind, string>> = {
  akasse: "an upper-case a-kasse code such as '3F' or 'KRIFA'",
  jobcenter: "a 3-digit kommunekode in quotes, such as '707'",
  union: "an upper-case code such as 'FH-HORSENS-HEDENSTED'",
  company: 'an 8-digit CVR number',
  vitas: "'VITAS'",
  jobag: "'JOBAG'",
};

export function isPartyKind(kind: string): kind is PartyKind {
  return (PARTY_KINDS as readonly string[]).includes(kind);
}

export function isDirectoryPartyKind(kind: string): kind is DirectoryPartyKind {
  return kind === 'akasse' || kind === 'jobcenter' || kind === 'union';
}

export function partyKey(party: PartyRefLike): string {
  return `${party.kind}:${party.id}`;
}

export function sameParty(a: PartyRefLike, b: PartyRefLike): boolean {
  return a.kind === b.kind && a.id === b.id;
}

/** Danish and English nouns for a party kind, for finding texts. */
export const PARTY_KIND_NAMES: Readonly<Record<PartyKind, { readonly da: string; readonly en: string }>> = {
  akasse: { da: 'a-kassen', en: 'the a-kasse' },
  jobcenter: { da: 'jobcentret', en: 'the jobcenter' },
  union: { da: 'den faglige organisation', en: 'the union' },
  company: { da: 'virksomheden', en: 'the company' },
  vitas: { da: 'VITAS', en: 'VITAS' },
  jobag: { da: 'JobAG', en: 'JobAG' },
};

/**
 * Narrows a `{ kind, id }` from elsewhere (e.g. the contracts' PartyRef, whose kinds include `hub`)
 * to the engine's PartyRef; undefined when the kind is not one of the six party kinds.
 */
export function asPartyRef(ref: PartyRefLike): PartyRef | undefined {
  return isPartyKind(ref.kind) ? { kind: ref.kind, id: ref.id } : undefined;
}
