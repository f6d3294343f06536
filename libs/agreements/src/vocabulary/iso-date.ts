/**
 * ISO calendar dates (`YYYY-MM-DD`), always meaning a Danish local date with no time and no zone.
 *
 * Every deadline in the agreements is a date ("14 dage inden overgangen", "hurtigst muligt"), never
 * an instant, so the engine works on dates only and does its arithmetic in UTC, where there are no
 * daylight-saving jumps. Nothing here reads the clock: the same input always gives the same output.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export class InvalidIsoDateError extends Error {
  constructor(readonly value: string) {
    super(`not an ISO date (YYYY-MM-DD): '${value}'`);
    this.name = 'InvalidIsoDateError';
  }
}

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Dates already converted, both ways. The rules convert the same few hundred dates (birth dates,
 * deadlines, the calendar's closing days) for every message they judge: the conversions were about a
 * tenth of the router's routing in an in-process profile. Pure functions of their input, so
 * remembering cannot change an answer; each table is emptied when it reaches its bound, so memory
 * stays small whatever the dates.
 */
const REMEMBERED_DATES = 8_192;
const utcMsOfDate = new Map<IsoDate, number>();
const dateOfUtcMs = new Map<number, IsoDate>();

function toUtcMs(date: IsoDate): number {
  const known = utcMsOfDate.get(date);
  if (known !== undefined) return known;
  if (!isIsoDate(date)) throw new InvalidIsoDateError(date);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const ms = Date.UTC(year, month - 1, day);
  if (utcMsOfDate.size >= REMEMBERED_DATES) utcMsOfDate.clear();
  utcMsOfDate.set(date, ms);
  return ms;
}

function fromUtcMs(ms: number): IsoDate {
  const known = dateOfUtcMs.get(ms);
  if (known !== undefined) return known;
  const date = new Date(ms).toISOString().slice(0, 10);
  if (dateOfUtcMs.size >= REMEMBERED_DATES) dateOfUtcMs.clear();
  dateOfUtcMs.set(ms, date);
  return date;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtcMs(toUtcMs(date) + days * MS_PER_DAY);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / MS_PER_DAY);
}

/**
 * Adds whole calendar months; a day that does not exist in the target month is clamped to its last
 * day (31 January + 1 month = 28/29 February), the usual reading of "udgangen af 6. ledighedsmåned".
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = fromUtcMs(toUtcMs(date)).split('-').map(Number) as [number, number, number];
  const targetMonthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(targetMonthIndex / 12);
  const targetMonth = targetMonthIndex - targetYear * 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return fromUtcMs(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay)));
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

export function yearOf(date: IsoDate): number {
  return new Date(toUtcMs(date)).getUTCFullYear();
}

/** `MM-DD`, for fixed-date closing days such as 24 December. */
export function monthDayOf(date: IsoDate): string {
  toUtcMs(date);
  return date.slice(5);
}

/** Full years of age on `date` for someone born on `birthDate`. */
export function ageOn(birthDate: IsoDate, date: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  toUtcMs(birthDate);
  toUtcMs(date);
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}
