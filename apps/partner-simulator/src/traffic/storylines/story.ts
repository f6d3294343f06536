import { deterministicUuid } from '@hub/common';
import { addDays } from '@hub/agreements';
import {
  CaseworkerContact,
  ChangeType,
  Envelope,
  MessageTypes,
  PartnerMessageKind,
  PartyRef,
  ReasonCode,
  partySlug,
} from '@hub/contracts';

import { userIdOf } from '../../answering/partner-responder';
import { Scenario, ScenarioId } from '../cast';
import { inventCitizen, SimulatedCitizen } from '../identities';
import { Prng } from '../prng';
import { systemOf } from '../systems';

/**
 * What a storyline is made of: the expectations and drafts it produces, and the Story that builds a
 * storyline's messages (ids, dates, envelopes). The storylines themselves are one file per seed
 * agreement beside this one; index.ts draws which one runs.
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

export const jobcenter = (id: string): PartyRef => ({ kind: 'jobcenter', id });
export const akasse = (id: string): PartyRef => ({ kind: 'akasse', id });
export const union = (id: string): PartyRef => ({ kind: 'union', id });

/** Builds the messages of one storyline: ids, dates, envelopes. */
export class Story {
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

export const routed = (...flags: string[]): Expectation => ({ outcome: 'routed', flags });
