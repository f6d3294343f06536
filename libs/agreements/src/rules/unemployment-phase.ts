import type { PhaseSplit } from '../catalog/agreement';
import type { Exchange, UnemploymentFacts } from '../exchange/exchange';
import { type IsoDate, addMonths } from '../vocabulary/iso-date';

/**
 * Month of unemployment on `date`, 1-based: month 1 runs from the start date up to the same day
 * one month later. Undefined before the start.
 */
export function monthOfUnemployment(startDate: IsoDate, date: IsoDate): number | undefined {
  if (date < startDate) return undefined;
  const [sy, sm] = startDate.split('-').map(Number) as [number, number];
  const [y, m] = date.split('-').map(Number) as [number, number];
  let elapsed = (y - sy) * 12 + (m - sm);
  while (elapsed > 0 && addMonths(startDate, elapsed) > date) elapsed -= 1;
  while (addMonths(startDate, elapsed + 1) <= date) elapsed += 1;
  return elapsed + 1;
}

/** First day of the jobcenter's phase: start + N months (seed 001: N = 3; seed 003: N = 6). */
export function handoverDateFrom(startDate: IsoDate, phases: PhaseSplit): IsoDate {
  return addMonths(startDate, phases.akasseUntilEndOfMonth);
}

export interface PhaseOnDate {
  readonly owner: 'akasse' | 'jobcenter';
  readonly basis: 'benefit-hours' | 'months';
  readonly month?: number;
  readonly benefitHoursPaid?: number;
}

/**
 * Who owns the contact course on `date`. Paid benefit hours decide when both the router and the
 * agreement know them (the law hands over at about 410 hours); otherwise the month does.
 */
export function phaseOwnerOn(
  phases: PhaseSplit,
  unemployment: UnemploymentFacts | undefined,
  date: IsoDate,
): PhaseOnDate | undefined {
  const hours = unemployment?.benefitHoursPaid;
  if (hours !== undefined && phases.handoverAtBenefitHours !== undefined) {
    return {
      owner: hours < phases.handoverAtBenefitHours ? 'akasse' : 'jobcenter',
      basis: 'benefit-hours',
      benefitHoursPaid: hours,
    };
  }
  const start = unemployment?.startDate;
  if (start === undefined) return undefined;
  const month = monthOfUnemployment(start, date);
  if (month === undefined) return undefined;
  return { owner: month <= phases.akasseUntilEndOfMonth ? 'akasse' : 'jobcenter', basis: 'months', month };
}

/** The planned handover: stated on a risk notice, else derived from the unemployment start. */
export function plannedHandover(
  exchange: Exchange,
  phases: PhaseSplit | undefined,
): { readonly date: IsoDate; readonly basis: 'stated' | 'derived' } | undefined {
  if (
    exchange.kind === 'beskedmodul.LongTermUnemploymentRiskNotice' &&
    exchange.riskNotice.plannedHandoverDate
  ) {
    return { date: exchange.riskNotice.plannedHandoverDate, basis: 'stated' };
  }
  const start = exchange.citizen?.unemployment?.startDate;
  if (start === undefined || phases === undefined) return undefined;
  return { date: handoverDateFrom(start, phases), basis: 'derived' };
}
