import { handoverDateFrom, monthOfUnemployment, phaseOwnerOn } from './unemployment-phase';

describe('unemployment phases', () => {
  it.each([
    ['2025-01-15', '2025-01-15', 1],
    ['2025-01-15', '2025-02-14', 1],
    ['2025-01-15', '2025-02-15', 2],
    ['2025-01-15', '2025-04-14', 3],
    ['2025-01-15', '2025-04-15', 4],
    ['2025-01-31', '2025-02-28', 2],
    ['2024-11-20', '2025-01-19', 2],
  ])('unemployed from %s is in month %i on %s', (start, date, month) => {
    expect(monthOfUnemployment(start, date)).toBe(month);
  });

  it('has no month before the unemployment starts', () => {
    expect(monthOfUnemployment('2025-01-15', '2025-01-14')).toBeUndefined();
  });

  it('hands over after month 3 under seed 001 and after month 6 under seed 003', () => {
    expect(handoverDateFrom('2025-01-15', { akasseUntilEndOfMonth: 3, clauseId: 'x' })).toBe('2025-04-15');
    expect(handoverDateFrom('2024-01-10', { akasseUntilEndOfMonth: 6, clauseId: 'x' })).toBe('2024-07-10');
  });

  it('lets benefit hours decide over months when the agreement knows the threshold', () => {
    const phases = { akasseUntilEndOfMonth: 3, handoverAtBenefitHours: 410, clauseId: 'x' };
    expect(
      phaseOwnerOn(phases, { startDate: '2025-01-15', benefitHoursPaid: 409 }, '2025-05-01')?.owner,
    ).toBe('akasse');
    expect(
      phaseOwnerOn(phases, { startDate: '2025-01-15', benefitHoursPaid: 410 }, '2025-02-01')?.owner,
    ).toBe('jobcenter');
    expect(phaseOwnerOn(phases, undefined, '2025-02-01')).toBeUndefined();
  });
});
