import { civilFromDays, daysFromCivil, daysInMonth, isCivilDate } from './civil-date';

const DAY_MS = 86_400_000;

describe('civil dates by arithmetic', () => {
  it('gives every day from 1800 to 2200 as JavaScript dates do, both ways', () => {
    const first = Date.UTC(1800, 0, 1) / DAY_MS;
    const last = Date.UTC(2200, 11, 31) / DAY_MS;
    const mismatches: string[] = [];
    for (let days = first; days <= last; days += 1) {
      const iso = new Date(days * DAY_MS).toISOString().slice(0, 10);
      const [year, month, day] = iso.split('-').map(Number);
      if (civilFromDays(days) !== iso || daysFromCivil(year, month, day) !== days) mismatches.push(iso);
    }
    expect(mismatches).toEqual([]);
  });

  it('writes the years 0000-0999 with four digits, as ISO 8601 does', () => {
    expect(civilFromDays(daysFromCivil(5, 3, 1))).toBe('0005-03-01');
    expect(new Date(daysFromCivil(5, 3, 1) * DAY_MS).toISOString().slice(0, 10)).toBe('0005-03-01');
    expect(civilFromDays(Date.UTC(9999, 11, 31) / DAY_MS)).toBe('9999-12-31');
  });

  it.each([
    [2024, 2, 29, true],
    [2025, 2, 29, false],
    [1900, 2, 29, false],
    [2000, 2, 29, true],
    [2025, 4, 31, false],
    [2025, 12, 31, true],
    [2025, 13, 1, false],
    [2025, 0, 1, false],
    [2025, 1, 0, false],
  ])('%i-%i-%i is a date: %s', (year, month, day, expected) => {
    expect(isCivilDate(year, month, day)).toBe(expected);
  });

  it('knows the length of February', () => {
    expect([daysInMonth(2023, 2), daysInMonth(2024, 2), daysInMonth(2100, 2)]).toEqual([28, 29, 28]);
  });
});
