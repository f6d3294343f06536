import { AgreementCatalog, Exchange, judgeExchange, Judgement, WorkingDayCalendar } from '@hub/agreements';

import { FACT_EXTRACTORS } from './exchange-facts';
import type { PartnerMessage } from './partner-message';

const COPENHAGEN_DATE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Danish calendar date of an instant: agreements and deadlines count Danish days. */
export function danishDateOf(isoTimestamp: string): string {
  return COPENHAGEN_DATE.format(new Date(isoTimestamp));
}

export interface JudgedMessage {
  exchangeDate: string;
  exchange: Exchange;
  judgement: Judgement;
}

/**
 * From a decoded partner message to the rules engine's verdict: its kind's facts, judged against the
 * agreements on the Danish date it was queued. Used by the router for every message and by
 * `hub agreements judge` for one given as JSON, so both see the same findings.
 */
export function judgeMessage(
  message: PartnerMessage,
  reference: { catalog: AgreementCatalog; calendar: WorkingDayCalendar },
): JudgedMessage {
  const exchangeDate = danishDateOf(message.value.envelope.queuedAt);
  const exchange = FACT_EXTRACTORS[message.kind](message, exchangeDate);
  return {
    exchangeDate,
    exchange,
    judgement: judgeExchange(exchange, reference.catalog, reference.calendar),
  };
}
