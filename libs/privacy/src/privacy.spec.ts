import { CitizenPseudonymizer } from './pseudonym';

const KEY = 'k'.repeat(32);

describe(CitizenPseudonymizer.name, () => {
  it('gives the same pseudonym for the same person with or without the dash', () => {
    const pseudonymizer = new CitizenPseudonymizer(KEY);
    expect(pseudonymizer.pseudonymOf('010190-1234')).toBe(pseudonymizer.pseudonymOf('0101901234'));
  });

  it('gives different pseudonyms for different people and under different keys', () => {
    const a = new CitizenPseudonymizer(KEY);
    const b = new CitizenPseudonymizer('x'.repeat(32));
    expect(a.pseudonymOf('010190-1234')).not.toBe(a.pseudonymOf('010190-1235'));
    expect(a.pseudonymOf('010190-1234')).not.toBe(b.pseudonymOf('010190-1234'));
  });

  it('never contains the CPR digits it was made from', () => {
    const pseudonym = new CitizenPseudonymizer(KEY).pseudonymOf('010190-1234');
    expect(pseudonym).not.toContain('0101901234');
    expect(pseudonym).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses a key too short to keep the CPR space from being tried out', () => {
    expect(() => new CitizenPseudonymizer('short')).toThrow(/at least 32/);
  });
});
