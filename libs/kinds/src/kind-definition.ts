import type { Exchange } from '@hub/agreements';
import type { PartnerMessageKind, PartyKind } from '@hub/contracts';

import type { PartnerMessage } from './partner-message';

/** The seed agreements by number (docs/domain.md, "The seed agreements"). */
export type Seed = '000' | '001' | '002' | '003' | '004';

/** A sentence of a seed agreement a kind serves, quoted verbatim (Danish). */
export interface SeedClause {
  seed: Seed;
  /** The section heading in the seed, as written there. */
  section: string;
  /** The sentence the kind serves, verbatim (Danish). */
  quote: string;
}

/** Who sends and receives a kind, and the agreement clauses it serves (schemas/README.md is made of these). */
export interface KindInfo {
  /** The flow of docs/domain.md (F1-F8), or 'hub' for the hub's own records and events. */
  flow: string;
  /** Kinds of party that may send it. */
  senders: readonly PartyKind[];
  /** Kinds of party it is routed to. */
  receivers: readonly PartyKind[];
  clauses: readonly SeedClause[];
}

/** What a message kind is called, in Danish (as a caseworker says it, lower case) and in English. */
export interface KindLabel {
  da: string;
  en: string;
}

/** What the receiver of a kind must do (the mail's action line), and the kind's gender for the subject. */
export interface KindMail {
  /** Danish, addressed to the receiving caseworker; names no person. */
  action: string;
  /** A neuter noun takes "Nyt" in the subject (et svar, et afslag), a common one "Ny". */
  neuter?: true;
}

/**
 * The facts the rules engine needs, taken from a decoded message. The engine never sees the CPR
 * number, nor the birth date it encodes: only what the rules use (the age on the exchange date,
 * the target-group circumstances, unemployment start, consent).
 */
export type FactExtractor = (message: PartnerMessage, exchangeDate: string) => Exchange;

/**
 * Everything the hub knows about one partner message kind apart from its schema (schemas/) and the
 * rules that judge it (libs/agreements/src/rules/checks): who sends and receives it and the clauses
 * it serves (catalog), what a person calls it (label: mails, dashboard), what its receiver is told to
 * do (mail), and which facts of it the rules see (facts). One file per kind in libs/kinds/src/<channel>/.
 */
export interface KindDefinition<K extends PartnerMessageKind = PartnerMessageKind> {
  kind: K;
  catalog: KindInfo;
  label: KindLabel;
  mail: KindMail;
  facts: FactExtractor;
}

/** A kind's definition, its kind name kept as the literal type (so the registry can check it). */
export function defineKind<K extends PartnerMessageKind>(definition: KindDefinition<K>): KindDefinition<K> {
  return definition;
}
