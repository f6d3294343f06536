import { citationFor } from '../citations';
import type { Rule } from '../rule';

/**
 * The sender's claimed time (envelope.queuedAt) more than the tolerance away from when the hub
 * received the message. The hub judges lateness and the agreement in force on its own time, so a
 * partner that backdates an answer is still late (seed 001, Dialog og kommunikation: "Vi bestræber
 * os gensidigt på at svare tilbage på henvendelser hurtigst muligt" is measured on the hub's clock);
 * this finding makes the claim visible. Only the two times' distance is named: no message content.
 */
export const claimedTimeDivergesRule: Rule = {
  code: 'CLAIMED_TIME_DIVERGES',
  source: "the hub's received time (the inbound topic's broker timestamp) against envelope.queuedAt",
  evaluate({ exchange, catalog, coverage }) {
    const claimed = exchange.claimedTime;
    if (claimed === undefined) return [];
    const before = claimed.millisecondsBeforeReceipt;
    if (before !== null && Math.abs(before) <= claimed.toleranceMinutes * MINUTE_MS) return [];
    const { citation, agreement } = citationFor(
      'CLAIMED_TIME_DIVERGES',
      catalog,
      coverage.governing?.agreement,
    );
    const tolerance = `${claimed.toleranceMinutes}`;
    if (before === null) {
      return [
        {
          agreement,
          citation,
          messageDa: `Afsendelsestidspunktet (envelope.queuedAt) er ikke et gyldigt tidspunkt; hubben bedømmer udvekslingen på det tidspunkt, den modtog beskeden.`,
          messageEn: `The sending time (envelope.queuedAt) is no valid time; the hub judges the exchange on when it received the message.`,
          details: { toleranceMinutes: claimed.toleranceMinutes },
        },
      ];
    }
    const backdated = before > 0;
    // Whole minutes, towards zero: the tolerance is checked on the exact times above.
    const minutes = Math.trunc(before / MINUTE_MS);
    return [
      {
        agreement,
        citation,
        messageDa: `Afsendelsestidspunktet (envelope.queuedAt) ligger ${durationDa(Math.abs(minutes))} ${backdated ? 'før' : 'efter'} det tidspunkt, hubben modtog beskeden (tolerance ${tolerance} minutter); udvekslingen er bedømt på hubbens tidspunkt.`,
        messageEn: `The sending time (envelope.queuedAt) is ${durationEn(Math.abs(minutes))} ${backdated ? 'before' : 'after'} the hub received the message (tolerance ${tolerance} minutes); the exchange is judged on the hub's time.`,
        details: {
          direction: backdated ? 'backdated' : 'future',
          minutesBeforeReceipt: minutes,
          toleranceMinutes: claimed.toleranceMinutes,
        },
      },
    ];
  },
};

const MINUTE_MS = 60_000;

function parts(minutes: number): { days: number; hours: number; minutes: number } {
  return {
    days: Math.floor(minutes / 1440),
    hours: Math.floor((minutes % 1440) / 60),
    minutes: minutes % 60,
  };
}

function durationEn(total: number): string {
  const { days, hours, minutes } = parts(total);
  const named = [
    days > 0 ? `${days} day${days === 1 ? '' : 's'}` : '',
    hours > 0 ? `${hours} hour${hours === 1 ? '' : 's'}` : '',
    minutes > 0 && days === 0 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return named.join(' ') || 'less than a minute';
}

function durationDa(total: number): string {
  const { days, hours, minutes } = parts(total);
  const named = [
    days > 0 ? `${days} ${days === 1 ? 'dag' : 'dage'}` : '',
    hours > 0 ? `${hours} ${hours === 1 ? 'time' : 'timer'}` : '',
    minutes > 0 && days === 0 ? `${minutes} ${minutes === 1 ? 'minut' : 'minutter'}` : '',
  ].filter(Boolean);
  return named.join(' ') || 'under et minut';
}
