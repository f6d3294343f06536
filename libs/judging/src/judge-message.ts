import { AgreementCatalog, Exchange, judgeExchange, Judgement, WorkingDayCalendar } from '@hub/agreements';

import { FACT_EXTRACTORS } from './exchange-facts';
import type { PartnerMessage } from './partner-message';

const COPENHAGEN_DATE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const HOUR_MS = 3_600_000;
/** Danish dates by UTC hour; bounded, so a long-running router does not grow it without end. */
const DATE_BY_HOUR = new Map<number, string>();
const DATE_BY_HOUR_LIMIT = 50_000;

/**
 * The Danish calendar date of an instant: agreements and deadlines count Danish days. Copenhagen has
 * only ever been a whole number of hours from UTC and switches at whole UTC hours, so the date is the
 * same for every instant of a UTC hour: it is formatted once per hour (Intl formatting per message
 * was a visible share of the router's CPU).
 */
export function danishDateOf(isoTimestamp: string): string {
  const at = new Date(isoTimestamp);
  const hour = Math.floor(at.getTime() / HOUR_MS);
  if (Number.isNaN(hour)) return COPENHAGEN_DATE.format(at); // throws the RangeError it always did
  let date = DATE_BY_HOUR.get(hour);
  if (date === undefined) {
    if (DATE_BY_HOUR.size >= DATE_BY_HOUR_LIMIT) DATE_BY_HOUR.clear();
    date = COPENHAGEN_DATE.format(new Date(hour * HOUR_MS));
    DATE_BY_HOUR.set(hour, date);
  }
  return date;
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
