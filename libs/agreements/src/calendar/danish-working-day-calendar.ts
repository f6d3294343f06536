import Holidays from 'date-holidays';

import { type IsoDate, addDays, dayOfWeek, isIsoDate, monthDayOf, yearOf } from '../vocabulary/iso-date';

/** What the rules engine needs from a calendar; tests may pass their own. */
export interface WorkingDayCalendar {
  isWorkingDay(date: IsoDate): boolean;
  /** The `days`-th working day after `date` (before it when negative); `date` itself never counts. */
  addWorkingDays(date: IsoDate, days: number): IsoDate;
  /** Working days in (`from`, `to`]; negative when `to` is before `from`. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number;
}

export interface DanishWorkingDayCalendarOptions {
  /**
   * Fixed `MM-DD` days that are not public holidays but on which Danish public offices close.
   * Default: Grundlovsdag (05-06), juleaftensdag (12-24) and nytårsaftensdag (12-31), which are not
   * helligdage but on which jobcentres and a-kasser normally keep closed; counting them as working
   * days would make a partner "late" for a day nobody worked. date-holidays lists the first two only
   * as observances and the third not at all, hence this option. Pass `[]` for public holidays and
   * weekends only.
   */
  readonly extraClosedDays?: readonly string[];
}

export const DEFAULT_EXTRA_CLOSED_DAYS: readonly string[] = ['06-05', '12-24', '12-31'];

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * Working days in Denmark: Monday–Friday except public holidays ("helligdage") from the maintained
 * `date-holidays` library (country DK, type `public`) and the extra closing days above.
 *
 * Store Bededag was abolished as a public holiday from 2024; date-holidays 3.37 has it "prior to
 * 2024", so 2023-05-05 is a holiday and 2024-04-26 a working day — the spec pins this down.
 *
 * Pure and deterministic: no clock, and the holiday table per year is computed once and cached.
 */
export class DanishWorkingDayCalendar implements WorkingDayCalendar {
  private readonly holidays = new Holidays('DK', { types: ['public'] });
  private readonly holidaysByYear = new Map<number, ReadonlyMap<IsoDate, string>>();
  private readonly extraClosedDays: ReadonlySet<string>;

  constructor(options: DanishWorkingDayCalendarOptions = {}) {
    const extra = options.extraClosedDays ?? DEFAULT_EXTRA_CLOSED_DAYS;
    for (const day of extra) {
      if (!MONTH_DAY.test(day)) throw new Error(`extraClosedDays: '${day}' is not MM-DD`);
    }
    this.extraClosedDays = new Set(extra);
  }

  /** The public holiday's Danish name, or undefined. */
  publicHolidayName(date: IsoDate): string | undefined {
    return this.holidaysOf(yearOf(date)).get(date);
  }

  isPublicHoliday(date: IsoDate): boolean {
    return this.publicHolidayName(date) !== undefined;
  }

  isWorkingDay(date: IsoDate): boolean {
    const weekday = dayOfWeek(date);
    if (weekday === 0 || weekday === 6) return false;
    if (this.extraClosedDays.has(monthDayOf(date))) return false;
    return !this.isPublicHoliday(date);
  }

  addWorkingDays(date: IsoDate, days: number): IsoDate {
    if (!Number.isInteger(days)) throw new Error(`addWorkingDays: ${days} is not a whole number`);
    if (!isIsoDate(date)) throw new Error(`addWorkingDays: '${date}' is not YYYY-MM-DD`);
    const step = days < 0 ? -1 : 1;
    let current = date;
    for (let remaining = Math.abs(days); remaining > 0; ) {
      current = addDays(current, step);
      if (this.isWorkingDay(current)) remaining -= 1;
    }
    return current;
  }

  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    if (to < from) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let current = addDays(from, 1); current <= to; current = addDays(current, 1)) {
      if (this.isWorkingDay(current)) count += 1;
    }
    return count;
  }

  /** The next working day on or after `date`: where a deadline on a closed day moves to. */
  onOrNextWorkingDay(date: IsoDate): IsoDate {
    return this.isWorkingDay(date) ? date : this.addWorkingDays(date, 1);
  }

  /** The last working day on or before `date`: the latest a "before X" deadline can be met. */
  onOrPreviousWorkingDay(date: IsoDate): IsoDate {
    return this.isWorkingDay(date) ? date : this.addWorkingDays(date, -1);
  }

  private holidaysOf(year: number): ReadonlyMap<IsoDate, string> {
    let table = this.holidaysByYear.get(year);
    if (table === undefined) {
      // `date` is "YYYY-MM-DD hh:mm:ss" in Danish local time, whatever the process time zone.
      table = new Map(
        this.holidays
          .getHolidays(year)
          .filter((holiday) => holiday.type === 'public')
          .map((holiday) => [holiday.date.slice(0, 10), holiday.name]),
      );
      this.holidaysByYear.set(year, table);
    }
    return table;
  }
}
