import {
  AgreementCatalog,
  ClaimedTimeFacts,
  Exchange,
  judgeExchange,
  Judgement,
  WorkingDayCalendar,
} from '@hub/agreements';
import { KINDS, type PartnerMessage } from '@hub/kinds';

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
  return danishDateOfMillis(new Date(isoTimestamp).getTime());
}

/** The Danish calendar date of an instant given in milliseconds since the epoch (a Kafka timestamp). */
export function danishDateOfMillis(epochMillis: number): string {
  const hour = Math.floor(epochMillis / HOUR_MS);
  if (!Number.isFinite(hour)) return COPENHAGEN_DATE.format(new Date(epochMillis)); // throws the RangeError it always did
  let date = DATE_BY_HOUR.get(hour);
  if (date === undefined) {
    if (DATE_BY_HOUR.size >= DATE_BY_HOUR_LIMIT) DATE_BY_HOUR.clear();
    date = COPENHAGEN_DATE.format(new Date(hour * HOUR_MS));
    DATE_BY_HOUR.set(hour, date);
  }
  return date;
}

/**
 * When the hub received a message: its inbound record's timestamp, which on a LogAppendTime topic is
 * the broker's (HUB_INBOUND_TIMESTAMPS), and how far the sender's claim may be from it.
 */
export interface Reception {
  /** Milliseconds since the epoch. */
  receivedAt: number;
  claimedTimeToleranceMinutes: number;
}

/** How far the sender's claimed time lies before the time the hub received the message. */
export function claimedTimeFacts(claimedAt: string, reception: Reception): ClaimedTimeFacts {
  const claimed = Date.parse(claimedAt);
  return {
    millisecondsBeforeReceipt: Number.isNaN(claimed) ? null : reception.receivedAt - claimed,
    toleranceMinutes: reception.claimedTimeToleranceMinutes,
  };
}

export interface JudgedMessage {
  exchangeDate: string;
  exchange: Exchange;
  judgement: Judgement;
}

/**
 * From a decoded partner message to the rules engine's verdict: its kind's facts, judged against the
 * agreements on the Danish date the hub received it (`reception`), never on the date the sender
 * claims, which a partner could backdate; the claim is checked against it (CLAIMED_TIME_DIVERGES).
 * Without `reception` (`hub agreements judge` on a message given as JSON) the claimed date is used.
 * Used by the router for every message and by the CLI, so both see the same findings.
 */
export function judgeMessage(
  message: PartnerMessage,
  reference: { catalog: AgreementCatalog; calendar: WorkingDayCalendar },
  reception?: Reception,
): JudgedMessage {
  const { queuedAt } = message.value.envelope;
  const exchangeDate = reception ? danishDateOfMillis(reception.receivedAt) : danishDateOf(queuedAt);
  const facts = KINDS[message.kind].facts(message, exchangeDate);
  const exchange: Exchange = reception
    ? { ...facts, claimedTime: claimedTimeFacts(queuedAt, reception) }
    : facts;
  return {
    exchangeDate,
    exchange,
    judgement: judgeExchange(exchange, reference.catalog, reference.calendar),
  };
}
