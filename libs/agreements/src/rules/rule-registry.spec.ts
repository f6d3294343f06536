import { FINDING_CODES } from './finding';
import { FINDING_DEFINITIONS } from './finding-definitions';
import { RULES, assertOneRulePerCode } from './rule-registry';

describe('rule registry', () => {
  it('has exactly one rule per finding code', () => {
    expect(RULES.map((r) => r.code).sort()).toEqual([...FINDING_CODES].sort());
  });

  it('fails at start-up when a code has no rule or two rules', () => {
    expect(() => assertOneRulePerCode(RULES.slice(1))).toThrow('NO_AGREEMENT_IN_FORCE×0');
    expect(() => assertOneRulePerCode([...RULES, RULES[0]])).toThrow('NO_AGREEMENT_IN_FORCE×2');
  });

  it('gives every law-based finding a law citation to fall back on', () => {
    for (const code of FINDING_CODES) {
      if (FINDING_DEFINITIONS[code].basis === 'law')
        expect(FINDING_DEFINITIONS[code].lawCitation).toBeDefined();
    }
  });
});
