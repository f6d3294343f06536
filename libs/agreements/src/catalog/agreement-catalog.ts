import type { Agreement, Clause, CoverageRule, PartyEntry, PartyGroup } from './agreement';
import type { PartyDirectory } from './party-directory';
import type { IsoDate } from '../vocabulary/iso-date';
import type { MessageKind } from '../vocabulary/message-kinds';
import {
  type DirectoryPartyKind,
  JOBAG,
  PARTY_ID_PATTERNS,
  type PartyRef,
  type PartyRefLike,
  VITAS,
  isDirectoryPartyKind,
  isPartyKind,
  partyKey,
} from '../vocabulary/parties';

export interface CoverageQuery {
  readonly sender: PartyRef;
  readonly receiver: PartyRef;
  readonly kind: MessageKind;
}

/** One agreement covering one (sender, receiver, kind), with the coverage rule that matched. */
export interface CoverageMatch {
  readonly agreement: Agreement;
  readonly rule: CoverageRule;
  readonly sender: PartyRef;
  readonly receiver: PartyRef;
}

/**
 * The loaded agreements and party directory. Immutable; every method is a pure lookup, so the
 * router can share one instance across messages and the judge stays a pure function.
 */
export class AgreementCatalog {
  private readonly byId: ReadonlyMap<string, Agreement>;
  private readonly clausesByAgreement: ReadonlyMap<string, ReadonlyMap<string, Clause>>;
  private readonly partySets: ReadonlyMap<string, ReadonlySet<string>>;

  constructor(
    readonly agreements: readonly Agreement[],
    private readonly directory: PartyDirectory,
  ) {
    this.byId = new Map(agreements.map((a) => [a.id, a]));
    this.clausesByAgreement = new Map(
      agreements.map((a) => [a.id, new Map(a.clauses.map((c) => [c.id, c]))]),
    );
    this.partySets = new Map(agreements.map((a) => [a.id, new Set(a.parties.map(partyKey))]));
  }

  get parties(): readonly PartyEntry[] {
    return this.directory.entries;
  }

  get groups(): readonly PartyGroup[] {
    return this.directory.groups;
  }

  agreement(id: string): Agreement | undefined {
    return this.byId.get(id);
  }

  /** A clause of an agreement; the loader guarantees every referenced clause exists. */
  clause(agreement: Agreement, clauseId: string): Clause {
    const clause = this.clausesByAgreement.get(agreement.id)?.get(clauseId);
    if (clause === undefined) throw new Error(`agreement '${agreement.id}' has no clause '${clauseId}'`);
    return clause;
  }

  /** The directory entry (name, functional mailbox) of an a-kasse, jobcenter or union. */
  party(ref: PartyRefLike): PartyEntry | undefined {
    return isDirectoryPartyKind(ref.kind) ? this.directory.entry(ref) : undefined;
  }

  /**
   * Every party that can send or receive through the hub and is not a company: the directory's
   * a-kasser, jobcentres and unions, then VITAS and JobAG. The router and the CLI declare the
   * partner topics from it.
   */
  partners(): readonly PartyRef[] {
    return [...this.directory.entries.map((e): PartyRef => ({ kind: e.kind, id: e.id })), VITAS, JOBAG];
  }

  /**
   * The Avro framing a partner's system reads (parties.yaml `framing`): what the router writes
   * into the routed copies for it. Parties outside the directory (companies, VITAS, JobAG) and
   * entries without the setting get the hub's own, single-object encoding.
   */
  framingOf(ref: PartyRefLike): 'single-object' | 'schema-registry' {
    return this.party(ref)?.framing ?? 'single-object';
  }

  /** Display name for texts: the directory name, or `kind id` for companies and unknown parties. */
  displayName(ref: PartyRefLike): string {
    return this.party(ref)?.name ?? (ref.kind === 'company' ? `CVR ${ref.id}` : `${ref.kind} ${ref.id}`);
  }

  /**
   * Whether the router may address this party: a-kasser, jobcentres and unions must be in the
   * directory; companies need a well-formed CVR (the checksum is @hub/contracts' job); the two
   * national systems have fixed ids.
   */
  isKnownParty(ref: PartyRefLike): boolean {
    if (isDirectoryPartyKind(ref.kind)) return this.directory.entry(ref) !== undefined;
    return isPartyKind(ref.kind) && PARTY_ID_PATTERNS[ref.kind].test(ref.id);
  }

  knownIds(kind: DirectoryPartyKind): readonly string[] {
    return this.directory.entries
      .filter((entry) => entry.kind === kind)
      .map((entry) => entry.id)
      .sort();
  }

  knownAkasseCodes(): readonly string[] {
    return this.knownIds('akasse');
  }

  knownKommunekoder(): readonly string[] {
    return this.knownIds('jobcenter');
  }

  /** Both the first and the last day of the validity period are in force. */
  isInForce(agreement: Agreement, date: IsoDate): boolean {
    return (
      agreement.validity.from <= date &&
      (agreement.validity.to === undefined || date <= agreement.validity.to)
    );
  }

  agreementsInForce(date: IsoDate): readonly Agreement[] {
    return this.agreements.filter((a) => this.isInForce(a, date));
  }

  /** Agreements whose parties and coverage rules match, whatever their validity. Best first. */
  coverageFor(query: CoverageQuery): readonly CoverageMatch[] {
    const matches: CoverageMatch[] = [];
    for (const agreement of this.agreements) {
      const rule = agreement.covers.find(
        (r) =>
          r.kind === query.kind &&
          directionMatches(r, query.sender, query.receiver) &&
          this.admits(agreement, query.sender) &&
          this.admits(agreement, query.receiver),
      );
      if (rule !== undefined)
        matches.push({ agreement, rule, sender: query.sender, receiver: query.receiver });
    }
    return matches.sort(compareMatches);
  }

  /** Agreements in force on `date` that cover (sender, receiver, kind). Best first. */
  findCovering(query: CoverageQuery & { readonly date: IsoDate }): readonly CoverageMatch[] {
    return this.coverageFor(query).filter((m) => this.isInForce(m.agreement, query.date));
  }

  /** Agreements naming both parties as signatories, whatever the kind or date (for messages). */
  agreementsBetween(a: PartyRefLike, b: PartyRefLike): readonly Agreement[] {
    return this.agreements.filter((agreement) => this.admits(agreement, a) && this.admits(agreement, b));
  }

  /**
   * Signatory kinds must be parties to the agreement; companies and the national systems are not
   * signatories, and the agreement governs how its parties deal with them (e.g. seed 002 §2.2 on
   * VITAS), so they are admitted as they are.
   */
  private admits(agreement: Agreement, party: PartyRefLike): boolean {
    if (!isDirectoryPartyKind(party.kind)) return true;
    return this.partySets.get(agreement.id)?.has(partyKey(party)) ?? false;
  }
}

function directionMatches(rule: CoverageRule, sender: PartyRef, receiver: PartyRef): boolean {
  if (rule.from.includes(sender.kind) && rule.to.includes(receiver.kind)) return true;
  return rule.bothWays && rule.from.includes(receiver.kind) && rule.to.includes(sender.kind);
}

/**
 * When two agreements cover the same exchange, a signed one wins over a draft, then the most
 * recent (latest start), then the id — deterministic, never "first file wins by luck".
 */
function compareMatches(a: CoverageMatch, b: CoverageMatch): number {
  if (a.agreement.status !== b.agreement.status) return a.agreement.status === 'signed' ? -1 : 1;
  if (a.agreement.validity.from !== b.agreement.validity.from) {
    return a.agreement.validity.from > b.agreement.validity.from ? -1 : 1;
  }
  return a.agreement.id < b.agreement.id ? -1 : a.agreement.id > b.agreement.id ? 1 : 0;
}

/** The catalog's partners (see `AgreementCatalog.partners`), as a function for the call sites that map over it. */
export function partnersOf(catalog: AgreementCatalog): readonly PartyRef[] {
  return catalog.partners();
}
