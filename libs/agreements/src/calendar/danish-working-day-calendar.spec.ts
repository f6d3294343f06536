import { DanishWorkingDayCalendar } from './danish-working-day-calendar';

describe(DanishWorkingDayCalendar.name, () => {
  const calendar = new DanishWorkingDayCalendar();

  describe('public holidays from date-holidays (DK)', () => {
    it.each([
      ['2025-01-01', 'Nytårsdag'],
      ['2025-04-17', 'Skærtorsdag'],
      ['2025-04-18', 'Langfredag'],
      ['2025-04-21', 'Anden påskedag'],
      ['2025-05-29', 'Kristi Himmelfartsdag'],
      ['2025-06-09', 'Anden Pinsedag'],
      ['2025-12-25', 'Juledag'],
      ['2025-12-26', 'Anden Juledag'],
    ])('treats %s (%s) as a holiday, not a working day', (date, name) => {
      expect(calendar.publicHolidayName(date)).toBe(name);
      expect(calendar.isWorkingDay(date)).toBe(false);
    });

    it('keeps Store Bededag as a holiday up to 2023 (2023-05-05)', () => {
      expect(calendar.publicHolidayName('2023-05-05')).toBe('Store Bededag');
      expect(calendar.isWorkingDay('2023-05-05')).toBe(false);
    });

    it('treats the former Store Bededag as a working day from 2024, when it was abolished (2024-04-26, 2025-05-16)', () => {
      expect(calendar.isPublicHoliday('2024-04-26')).toBe(false);
      expect(calendar.isWorkingDay('2024-04-26')).toBe(true);
      expect(calendar.isWorkingDay('2025-05-16')).toBe(true);
    });

    it('does not treat 1 May as a holiday (not a public holiday in Denmark)', () => {
      expect(calendar.isWorkingDay('2025-05-01')).toBe(true);
    });
  });

  describe('weekends and extra closing days', () => {
    it('treats Saturday and Sunday as closed', () => {
      expect(calendar.isWorkingDay('2025-03-08')).toBe(false);
      expect(calendar.isWorkingDay('2025-03-09')).toBe(false);
      expect(calendar.isWorkingDay('2025-03-10')).toBe(true);
    });

    it('closes on Grundlovsdag, juleaftensdag and nytårsaftensdag by default', () => {
      expect(calendar.isWorkingDay('2025-06-05')).toBe(false);
      expect(calendar.isWorkingDay('2025-12-24')).toBe(false);
      expect(calendar.isWorkingDay('2025-12-31')).toBe(false);
    });

    it('can count only public holidays and weekends (extraClosedDays: [])', () => {
      const strict = new DanishWorkingDayCalendar({ extraClosedDays: [] });
      expect(strict.isWorkingDay('2025-06-05')).toBe(true);
      expect(strict.isWorkingDay('2025-12-24')).toBe(true);
    });

    it('rejects an extra closing day that is not MM-DD', () => {
      expect(() => new DanishWorkingDayCalendar({ extraClosedDays: ['24-12'] })).toThrow('not MM-DD');
    });
  });

  describe('addWorkingDays', () => {
    it.each([
      ['2025-03-10', 1, '2025-03-11', 'Monday + 1 is Tuesday'],
      ['2025-03-14', 1, '2025-03-17', 'Friday + 1 skips the weekend'],
      ['2025-03-15', 1, '2025-03-17', 'from a Saturday the first working day is Monday'],
      ['2025-04-16', 5, '2025-04-28', 'across Easter 2025 (Thursday, Friday, Monday closed)'],
      ['2024-12-20', 5, '2025-01-03', 'across Christmas and New Year (24, 25, 26, 31 Dec and 1 Jan closed)'],
      ['2023-05-03', 2, '2023-05-08', 'across Store Bededag 2023'],
      ['2024-04-24', 2, '2024-04-26', 'no longer across Store Bededag in 2024'],
      ['2025-04-22', -1, '2025-04-16', 'backwards across Easter'],
      ['2025-03-10', 0, '2025-03-10', 'zero days is the same day'],
    ])('%s + %i working days = %s (%s)', (date, days, expected) => {
      expect(calendar.addWorkingDays(date, days)).toBe(expected);
    });
  });

  describe('workingDaysBetween', () => {
    it('counts the working days after the first date up to and including the second', () => {
      expect(calendar.workingDaysBetween('2025-04-16', '2025-04-28')).toBe(5);
      expect(calendar.workingDaysBetween('2025-03-10', '2025-03-10')).toBe(0);
    });

    it('is negative when the second date is earlier', () => {
      expect(calendar.workingDaysBetween('2025-04-28', '2025-04-16')).toBe(-5);
    });

    it('is the inverse of addWorkingDays for every start day of a year', () => {
      for (let day = 0; day < 366; day += 1) {
        const start = new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
        for (const n of [1, 5, 14]) {
          expect(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, n))).toBe(n);
        }
      }
    });
  });

  it('moves a deadline on a closed day to the next working day, or back for "before" deadlines', () => {
    expect(calendar.onOrNextWorkingDay('2025-04-18')).toBe('2025-04-22');
    expect(calendar.onOrPreviousWorkingDay('2025-04-18')).toBe('2025-04-16');
    expect(calendar.onOrNextWorkingDay('2025-04-22')).toBe('2025-04-22');
  });

  it('gives the same holidays whatever the process time zone', () => {
    const original = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      const west = new DanishWorkingDayCalendar();
      process.env.TZ = 'Pacific/Kiritimati';
      const east = new DanishWorkingDayCalendar();
      for (const date of ['2025-04-18', '2025-04-21', '2025-12-25', '2025-12-26', '2026-01-01']) {
        expect(west.isPublicHoliday(date)).toBe(true);
        expect(east.isPublicHoliday(date)).toBe(true);
      }
      expect(west.isPublicHoliday('2025-04-22')).toBe(false);
      expect(east.isPublicHoliday('2025-04-17')).toBe(true);
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });
});
