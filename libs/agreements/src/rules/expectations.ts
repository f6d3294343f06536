import type { ResponseTarget } from '../catalog/agreement';
import type { AgreementCatalog, CoverageMatch } from '../catalog/agreement-catalog';
import type { WorkingDayCalendar } from '../calendar/danish-working-day-calendar';
import type { Exchange } from '../exchange/exchange';
import { type IsoDate, addDays } from '../vocabulary/iso-date';
import type { MessageKind } from '../vocabulary/message-kinds';
import type { PartyRef } from '../vocabulary/parties';
import { resolveCoverage } from './coverage';
import type { Judgement } from './finding';
import { plannedHandover } from './unemployment-phase';

/** Something an exchange makes due, for the monitor to watch. */
export interface Expectation {
  /** The agreement's target id, e.g. `recommendation-decision`. */
  readonly kind: string;
  /** Exchanges that fulfil it. */
  readonly expectedMessageKinds: readonly MessageKind[];
  /** Last day on which it is on time (inclusive), a Danish working day for working-day targets. */
  readonly dueOn: IsoDate;
  readonly responsibleParty: PartyRef;
  readonly agreementId: string;
  readonly clauseId: string;
  readonly clauseRef: string;
  /** The exchange that created it. */
  readonly triggeredBy: string;
  /** Only due if something else holds (e.g. the a-kasse assesses a risk of long-term unemployment). */
  readonly conditional: boolean;
  /** The agreement says "hurtigst muligt"; `dueOn` is the hub's configurable reading of it. */
  readonly asFastAsPossible: boolean;
}

/**
 * A target's code in the hub's deadline events (`recommendation-decision` → `RECOMMENDATION_DECISION`):
 * the monitor raises them under it, the notifier finds the target again by it.
 */
export function targetRuleCode(targetId: string): string {
  return targetId.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/**
 * The deadlines an exchange creates under the agreement that governs it: e.g. a decision on a
 * recommendation within the agreement's working days (seed 001, "hurtigst muligt"), or a risk
 * notice at least 14 days before the handover (seed 001). A rejected exchange creates none.
 * Pure: a function of its arguments.
 */
export function expectationsFor(
  exchange: Exchange,
  judgement: Judgement,
  catalog: AgreementCatalog,
  calendar: WorkingDayCalendar,
): readonly Expectation[] {
  if (judgement.verdict === 'reject' || judgement.agreement === undefined) return [];
  const governing = resolveCoverage(exchange, catalog).governing;
  if (governing === undefined || governing.agreement.id !== judgement.agreement.id) return [];
  const expectations: Expectation[] = [];
  for (const target of governing.agreement.targets) {
    if (!target.triggers.includes(exchange.kind)) continue;
    const dueOn = dueDate(target, exchange, governing, calendar);
    const responsibleParty = responsible(target, governing);
    if (dueOn === undefined || responsibleParty === undefined) continue;
    const clause = catalog.clause(governing.agreement, target.clauseId);
    expectations.push({
      kind: target.id,
      expectedMessageKinds: target.expects,
      dueOn,
      responsibleParty,
      agreementId: governing.agreement.id,
      clauseId: clause.id,
      clauseRef: clause.ref,
      triggeredBy: exchange.id,
      conditional: target.conditional,
      asFastAsPossible: target.asFastAsPossible,
    });
  }
  return expectations;
}

function dueDate(
  target: ResponseTarget,
  exchange: Exchange,
  governing: CoverageMatch,
  calendar: WorkingDayCalendar,
): IsoDate | undefined {
  const due = target.due;
  switch (due.type) {
    case 'working-days-after-exchange':
      return calendar.addWorkingDays(exchange.date, due.workingDays);
    case 'calendar-days-before-handover': {
      const handover = plannedHandover(exchange, governing.agreement.phases);
      return handover === undefined ? undefined : addDays(handover.date, -due.calendarDays);
    }
    case 'working-days-before-handover': {
      const handover = plannedHandover(exchange, governing.agreement.phases);
      return handover === undefined ? undefined : calendar.addWorkingDays(handover.date, -due.workingDays);
    }
    case 'calendar-days-before-placement-start': {
      const startDate = 'placement' in exchange ? exchange.placement.startDate : undefined;
      return startDate === undefined ? undefined : addDays(startDate, -due.calendarDays);
    }
  }
}

function responsible(target: ResponseTarget, governing: CoverageMatch): PartyRef | undefined {
  switch (target.responsible) {
    case 'sender':
      return governing.sender;
    case 'receiver':
      return governing.receiver;
    case 'akasse':
    case 'jobcenter':
    case 'union':
      return [governing.sender, governing.receiver].find((p) => p.kind === target.responsible);
  }
}

/**
 * The response-time target an exchange of `kind` starts under an agreement, without the whole
 * exchange — for callers that only kept the kind, the agreement id and the date (e.g. the notifier
 * saying "please answer by …"). Only working-day targets; the first matching target wins.
 */
export function responseDueDate(
  catalog: AgreementCatalog,
  calendar: WorkingDayCalendar,
  query: { readonly agreementId: string; readonly kind: MessageKind; readonly date: IsoDate },
): { readonly targetId: string; readonly dueOn: IsoDate; readonly workingDays: number } | undefined {
  const agreement = catalog.agreement(query.agreementId);
  for (const target of agreement?.targets ?? []) {
    if (target.due.type !== 'working-days-after-exchange' || !target.triggers.includes(query.kind)) continue;
    return {
      targetId: target.id,
      dueOn: calendar.addWorkingDays(query.date, target.due.workingDays),
      workingDays: target.due.workingDays,
    };
  }
  return undefined;
}
