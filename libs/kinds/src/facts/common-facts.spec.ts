import type { CitizenCircumstances } from '@hub/contracts';

import { ageFromCpr, categoryFacts } from './common-facts';

const UNKNOWN: CitizenCircumstances = {
  insuredUnemployed: null,
  sickListedEmployed: null,
  sickListedUnemployed: null,
  flexJobReferred: null,
  inAkasseTrial2020: null,
  inJobcenterSpecialEffort: null,
  inAgreedYouthGroup: null,
  choseJobcenterContactCourse: null,
};

describe(ageFromCpr.name, () => {
  // CPR-kontoret's table: 7th digit 0-3 → 1900-1999; 4 and 9 → 2000-2036 when YY <= 36, else
  // 1937-1999; 5-8 → 2000-2057 when YY <= 57, else 1858-1899.
  it.each([
    ['010100-1234', '2025-01-01', 125],
    ['010136-4234', '2036-01-01', 0],
    ['010137-4234', '2025-01-01', 88],
    ['010136-9234', '2037-01-01', 1],
    ['010137-9234', '2037-01-01', 100],
    ['010157-5234', '2058-01-01', 1],
    ['010158-5234', '2025-01-01', 167],
    ['010158-8234', '2025-01-01', 167],
    ['150395-1234', '2025-03-14', 29],
    ['150395-1234', '2025-03-15', 30],
    ['290296-1234', '2025-02-28', 28],
    ['290296-1234', '2025-03-01', 29],
    ['290296-1234', '2024-02-28', 27],
    ['290296-1234', '2024-02-29', 28],
  ])('%s on %s: %s full years', (cpr, on, age) => {
    expect(ageFromCpr(cpr, on)).toBe(age);
  });
});

describe(categoryFacts.name, () => {
  it('keeps what the sender stated true or false and leaves a null out (unknown)', () => {
    expect(categoryFacts({ ...UNKNOWN, insuredUnemployed: true, inAkasseTrial2020: false })).toEqual({
      'insured-unemployed': true,
      'akasse-trial-2020': false,
    });
    expect(categoryFacts(null)).toBeUndefined();
  });
});
