import { addDays } from '@hub/agreements';

import { DIGEST_TIME_ZONE } from '../notifier.constants';

/** HH:MM or HH:MM:SS, 24-hour. */
export const LOCAL_TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** A time of day, as seconds after local midnight. */
export type LocalTimeOfDay = number;

export function parseLocalTime(text: string): LocalTimeOfDay {
  const match = LOCAL_TIME_PATTERN.exec(text);
  if (!match) throw new Error(`'${text}' is not a local time HH:MM or HH:MM:SS`);
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
}

const LOCAL_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: DIGEST_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Danish calendar date and time of day of an instant. */
export function danishLocalTime(instant: Date): { date: string; secondsOfDay: LocalTimeOfDay } {
  const parts: Record<string, string> = {};
  for (const part of LOCAL_PARTS.formatToParts(instant)) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    secondsOfDay: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second),
  };
}

/**
 * The digest an item recorded at `recordedAt` goes into: the first one sent after it. With digests at
 * 07:00, an item recorded at 06:59 is in today's digest and one recorded at 07:00 in tomorrow's.
 * The digest is named by the Danish date it is sent on.
 */
export function digestDateFor(recordedAt: Date, sendAt: LocalTimeOfDay): string {
  const local = danishLocalTime(recordedAt);
  return local.secondsOfDay < sendAt ? local.date : addDays(local.date, 1);
}

/**
 * The latest digest whose send time has come at `now`: today's once the send time has passed,
 * otherwise yesterday's. Every held item with a digest date up to it is due. A notifier that was
 * down over several send times folds the missed days into one digest, named by this date.
 */
export function dueDigestDate(now: Date, sendAt: LocalTimeOfDay): string {
  const local = danishLocalTime(now);
  return local.secondsOfDay >= sendAt ? local.date : addDays(local.date, -1);
}
