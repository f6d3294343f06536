import { InvalidIsoDateError, addDays, addMonths, ageOn, daysBetween, isIsoDate } from './iso-date';

describe('iso-date', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2025-13-01', false],
    ['2025-1-01', false],
    ['2025-01-01T00:00', false],
  ])('isIsoDate(%s) is %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it('adds days across a daylight-saving change without drifting', () => {
    expect(addDays('2025-03-29', 2)).toBe('2025-03-31');
    expect(daysBetween('2025-03-01', '2025-04-15')).toBe(45);
  });

  it('clamps the day when adding months to the 31st', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
  });

  it('counts full years of age, the birthday itself included', () => {
    expect(ageOn('1994-03-04', '2024-03-04')).toBe(30);
    expect(ageOn('1994-03-05', '2024-03-04')).toBe(29);
  });

  it('throws a typed error for a malformed date', () => {
    expect(() => addDays('2025-02-30', 1)).toThrow(InvalidIsoDateError);
  });

  it('answers the same for dates it has converted before, and still refuses a malformed one after them', () => {
    expect(addDays('2025-03-29', 2)).toBe('2025-03-31');
    expect(addDays('2025-03-29', 2)).toBe('2025-03-31');
    expect(daysBetween('2025-03-31', '2025-03-29')).toBe(-2);
    expect(() => addDays('2025-02-30', 1)).toThrow(InvalidIsoDateError);
    expect(() => addDays('2025-02-30', 1)).toThrow(InvalidIsoDateError);
  });

  it('stays right past the number of dates it remembers (30 years of days, twice)', () => {
    const days = 30 * 366;
    for (let round = 0; round < 2; round += 1) {
      let date = '2000-01-01';
      for (let day = 0; day < days; day += 1) {
        const next = addDays(date, 1);
        expect(daysBetween(date, next)).toBe(1);
        date = next;
      }
      expect(date).toBe(addDays('2000-01-01', days));
      expect(daysBetween('2000-01-01', date)).toBe(days);
    }
  });
});
