import type { AgreementCatalog } from '../catalog/agreement-catalog';
import type { WorkingDayCalendar } from '../calendar/danish-working-day-calendar';
import type { Exchange } from '../exchange/exchange';
import { isIsoDate } from '../vocabulary/iso-date';
import { CHANNELS, isMessageKind } from '../vocabulary/message-kinds';
import { resolveCoverage } from './coverage';
import { type Finding, type Judgement, verdictOf } from './finding';
import { FINDING_DEFINITIONS } from './finding-definitions';
import type { RuleContext } from './rule';
import { RULES } from './rule-registry';
import { resolveSeverity } from './severity-policy';

/** The router built an exchange the engine cannot judge: a bug upstream, never a finding. */
export class InvalidExchangeError extends Error {
  constructor(
    readonly exchangeId: string,
    readonly problems: readonly string[],
  ) {
    super(`exchange ${exchangeId} cannot be judged: ${problems.join('; ')}`);
    this.name = 'InvalidExchangeError';
  }
}

/**
 * Judges one exchange: which agreement and clause govern it, what the rules find, and whether it
 * is delivered, delivered and flagged, or rejected.
 *
 * A pure function of (exchange, catalog, calendar): no database, no broker, no clock — the same
 * input always gives the same judgement, findings in registry order.
 */
export function judgeExchange(
  exchange: Exchange,
  catalog: AgreementCatalog,
  calendar: WorkingDayCalendar,
): Judgement {
  assertJudgeable(exchange);
  const coverage = resolveCoverage(exchange, catalog);
  const context: RuleContext = { exchange, catalog, calendar, coverage };
  const findings: Finding[] = [];
  for (const rule of RULES) {
    // Terms of an agreement only bind while it is in force; law and coverage rules always run.
    if (FINDING_DEFINITIONS[rule.code].basis === 'agreement' && coverage.governing === undefined) continue;
    for (const raw of rule.evaluate(context)) {
      const { severity, basis } = resolveSeverity(rule.code, raw.agreement, exchange.kind);
      findings.push({
        code: rule.code,
        severity,
        severityBasis: basis,
        ...(raw.agreement === undefined ? {} : { agreementId: raw.agreement.id }),
        clauseId: raw.citation.id,
        clauseRef: raw.citation.ref,
        messageDa: raw.messageDa,
        messageEn: raw.messageEn,
        ...(raw.details === undefined ? {} : { details: raw.details }),
      });
    }
  }
  const governing = coverage.governing;
  return {
    exchangeId: exchange.id,
    ...(governing === undefined
      ? {}
      : {
          agreement: {
            id: governing.agreement.id,
            clauseId: governing.rule.clauseId,
            clauseRef: catalog.clause(governing.agreement, governing.rule.clauseId).ref,
          },
        }),
    findings,
    verdict: verdictOf(findings),
  };
}

function assertJudgeable(exchange: Exchange): void {
  const problems: string[] = [];
  if (!isMessageKind(exchange.kind)) problems.push(`unknown kind '${String(exchange.kind)}'`);
  if (!(CHANNELS as readonly string[]).includes(exchange.channel))
    problems.push(`unknown channel '${exchange.channel}'`);
  if (exchange.receivers.length === 0) problems.push('no receivers');
  const dates: [string, string | undefined][] = [
    ['date', exchange.date],
    ['citizen.birthDate', exchange.citizen?.birthDate],
    ['citizen.unemployment.startDate', exchange.citizen?.unemployment?.startDate],
    ['inReplyTo.date', exchange.inReplyTo?.date],
  ];
  if (exchange.kind === 'beskedmodul.EarlyOfferRecommendation') {
    dates.push(['recommendation.startDate', exchange.recommendation.startDate]);
    dates.push(['recommendation.endDate', exchange.recommendation.endDate]);
  } else if (exchange.kind === 'beskedmodul.LongTermUnemploymentRiskNotice') {
    dates.push(['riskNotice.plannedHandoverDate', exchange.riskNotice.plannedHandoverDate]);
  } else if (exchange.kind.startsWith('vitas.') && 'placement' in exchange) {
    dates.push(['placement.startDate', exchange.placement.startDate]);
    dates.push(['placement.grantedOn', exchange.placement.grantedOn]);
  }
  for (const [field, value] of dates) {
    if (value !== undefined && !isIsoDate(value)) problems.push(`${field} '${value}' is not YYYY-MM-DD`);
  }
  if (problems.length > 0) throw new InvalidExchangeError(exchange.id, problems);
}
