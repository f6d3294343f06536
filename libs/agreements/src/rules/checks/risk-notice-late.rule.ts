import type { ResponseTarget } from '../../catalog/agreement';
import { addDays, daysBetween } from '../../vocabulary/iso-date';
import { clauseCitation } from '../citations';
import type { Rule } from '../rule';
import { plannedHandover } from '../unemployment-phase';

/**
 * A risk notice later than the agreed time before the handover. Seed 001: "A-kassen skal give
 * besked (digitalt) til jobcentret gerne 14 dage inden overgangen". The number and its unit come
 * from the agreement's target that expects the risk notice: 14 calendar days ("dage") in seed 001,
 * so a notice exactly 14 days before is on time and 13 days before is late. Delivered and flagged:
 * "gerne" is a wish, and a late warning beats none.
 */
export const riskNoticeLateRule: Rule = {
  code: 'RISK_NOTICE_LATE',
  source: 'the agreement’s target expecting beskedmodul.LongTermUnemploymentRiskNotice (seed 001)',
  evaluate({ exchange, catalog, calendar, coverage }) {
    const match = coverage.governing;
    if (match === undefined || exchange.kind !== 'beskedmodul.LongTermUnemploymentRiskNotice') return [];
    const target = match.agreement.targets.find(
      (
        t,
      ): t is ResponseTarget & {
        due: { type: 'calendar-days-before-handover' | 'working-days-before-handover' };
      } => t.expects.includes(exchange.kind) && t.due.type !== 'working-days-after-exchange',
    );
    const handover = plannedHandover(exchange, match.agreement.phases);
    if (target === undefined || handover === undefined) return [];
    const deadline =
      target.due.type === 'calendar-days-before-handover'
        ? addDays(handover.date, -target.due.calendarDays)
        : calendar.addWorkingDays(handover.date, -target.due.workingDays);
    if (exchange.date <= deadline) return [];
    const required =
      target.due.type === 'calendar-days-before-handover'
        ? { da: `${target.due.calendarDays} dage`, en: `${target.due.calendarDays} days` }
        : { da: `${target.due.workingDays} arbejdsdage`, en: `${target.due.workingDays} working days` };
    const daysBefore = daysBetween(exchange.date, handover.date);
    return [
      {
        agreement: match.agreement,
        citation: clauseCitation(catalog, match.agreement, target.clauseId),
        messageDa: `Beskeden om risiko for langtidsledighed kom ${daysBefore} dage før overgangen den ${handover.date}; aftalen siger ${required.da} før (senest ${deadline}).`,
        messageEn: `The long-term unemployment risk notice came ${daysBefore} days before the handover on ${handover.date}; the agreement says ${required.en} before (by ${deadline}).`,
        details: {
          handoverDate: handover.date,
          handoverBasis: handover.basis,
          deadline,
          daysBeforeHandover: daysBefore,
        },
      },
    ];
  },
};
