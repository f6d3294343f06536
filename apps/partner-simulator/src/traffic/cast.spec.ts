import { defaultAgreementsDir, loadAgreementCatalog } from '@hub/agreements';
import { validateCvr, validatePNumber } from '@hub/contracts';

import { AKASSER, COMPANIES, JOBCENTRES, SCENARIOS, UNIONS } from './cast';

describe('the simulated cast', () => {
  const catalog = loadAgreementCatalog(defaultAgreementsDir());

  it.each(Object.values(SCENARIOS))('plays $id under an agreement whose parties it uses', (scenario) => {
    const agreement = catalog.agreement(scenario.agreementId);
    expect(agreement).toBeDefined();
    const parties = agreement?.parties ?? [];
    expect(parties).toContainEqual({ kind: 'jobcenter', id: scenario.jobcenter });
    for (const id of scenario.akasser) expect(parties).toContainEqual({ kind: 'akasse', id });
    for (const id of scenario.unions) expect(parties).toContainEqual({ kind: 'union', id });
    expect(agreement?.phases?.akasseUntilEndOfMonth ?? 3).toBe(scenario.akasseMonths);
  });

  it('has a simulated system with caseworkers for every partner it uses', () => {
    for (const scenario of Object.values(SCENARIOS)) {
      expect(JOBCENTRES[scenario.jobcenter]?.caseworkers.length).toBeGreaterThan(0);
      for (const id of scenario.akasser) expect(AKASSER[id]?.caseworkers.length).toBeGreaterThan(0);
      for (const id of scenario.unions) expect(UNIONS[id]?.caseworkers.length).toBeGreaterThan(0);
      expect(COMPANIES[scenario.jobcenter]?.length).toBeGreaterThan(0);
    }
  });

  it('invents companies with valid CVR numbers (modulus 11) and P-numbers', () => {
    for (const company of Object.values(COMPANIES).flat()) {
      expect(validateCvr(company.company.cvr)).toEqual({ ok: true });
      expect(validatePNumber(company.company.pNumber)).toEqual({ ok: true });
    }
  });
});
