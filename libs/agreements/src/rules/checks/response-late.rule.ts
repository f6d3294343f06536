import { clauseCitation } from '../citations';
import type { Rule } from '../rule';

/**
 * An answer or decision after the agreement's response-time target, counted in Danish working days
 * from the exchange it answers. Seed 001: "Jobcentret ser på indstillingen hurtigst muligt",
 * "behandle ansøgningen hurtigst muligt", "svare tilbage på henvendelser hurtigst muligt"; seed
 * 004 wants timeliness "så tæt på 100 % som muligt" — measured here, so never a reason to reject.
 */
export const responseLateRule: Rule = {
  code: 'RESPONSE_LATE',
  source: 'targets[] with workingDaysAfterExchange of the governing agreement (seed 001; seed 004)',
  evaluate({ exchange, catalog, calendar, coverage }) {
    const match = coverage.governing;
    const reply = exchange.inReplyTo;
    if (match === undefined || reply === undefined) return [];
    const findings = [];
    for (const target of match.agreement.targets) {
      if (target.due.type !== 'working-days-after-exchange') continue;
      if (!target.triggers.includes(reply.kind) || !target.expects.includes(exchange.kind)) continue;
      const dueOn = calendar.addWorkingDays(reply.date, target.due.workingDays);
      if (exchange.date <= dueOn) continue;
      const used = calendar.workingDaysBetween(reply.date, exchange.date);
      const fastDa = target.asFastAsPossible ? ' ("hurtigst muligt" i aftalen)' : '';
      const fastEn = target.asFastAsPossible ? ' ("as fast as possible" in the agreement)' : '';
      findings.push({
        agreement: match.agreement,
        citation: clauseCitation(catalog, match.agreement, target.clauseId),
        messageDa: `Svaret kom efter ${used} arbejdsdage; målet er ${target.due.workingDays} arbejdsdage${fastDa}, dvs. senest ${dueOn}.`,
        messageEn: `The answer came after ${used} working days; the target is ${target.due.workingDays} working days${fastEn}, i.e. by ${dueOn}.`,
        details: {
          targetId: target.id,
          answersExchangeId: reply.exchangeId,
          dueOn,
          workingDaysUsed: used,
          targetWorkingDays: target.due.workingDays,
        },
      });
    }
    return findings;
  },
};
