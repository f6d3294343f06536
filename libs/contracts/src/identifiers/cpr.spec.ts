import { cprBirthDate, cprPassesModulus11, validateCpr } from './cpr';
import { InvalidIdentifierError } from './validation-result';

describe(validateCpr.name, () => {
  it('accepts a CPR number written DDMMYY-SSSS with a real date', () => {
    expect(validateCpr('010190-0000')).toEqual({ ok: true });
    expect(validateCpr('290200-4000')).toEqual({ ok: true }); // 29 February 2000 (7th digit 4: year 2000)
  });

  it('never rejects a CPR number for failing the modulus-11 check', () => {
    expect(cprPassesModulus11('010190-0001')).toBe(false);
    expect(validateCpr('010190-0001')).toEqual({ ok: true });
  });

  it('asks for the hyphen when the ten digits are written together', () => {
    expect(validateCpr('0101900000')).toEqual({
      ok: false,
      reasonDa: 'CPR-nummeret skal skrives med bindestreg: DDMMÅÅ-SSSS.',
      reasonEn: 'Write the CPR number with a hyphen: DDMMYY-SSSS.',
    });
  });

  it('explains a malformed or missing CPR number without repeating it', () => {
    for (const value of ['01019-00000', '010190-00A0', ' 010190-0000', '', undefined]) {
      const result = validateCpr(value);
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(`${result.reasonDa} ${result.reasonEn}`).not.toContain(String(value).trim() || '§');
    }
  });

  it('rejects a date that does not exist, with a reason a caseworker understands', () => {
    expect(validateCpr('310490-0000')).toEqual({
      ok: false,
      reasonDa: 'CPR-nummerets første seks cifre er ikke en gyldig fødselsdato (DDMMÅÅ).',
      reasonEn: 'The first six digits of the CPR number are not a valid date of birth (DDMMYY).',
    });
    expect(validateCpr('290201-4000').ok).toBe(false); // 2001 is no leap year (7th digit 4: year 2001).
    expect(validateCpr('290200-0000').ok).toBe(false); // 1900 is no leap year (7th digit 0), 2000 is.
  });
});

describe(cprBirthDate.name, () => {
  it.each([
    ['010190-0000', '1990-01-01'], // 0-3: 1900s
    ['010190-3999', '1990-01-01'],
    ['010136-4000', '2036-01-01'], // 4: 2000-2036 ...
    ['010137-4000', '1937-01-01'], // ... else 1937-1999
    ['010157-5000', '2057-01-01'], // 5-8: 2000-2057 ...
    ['010158-8000', '1858-01-01'], // ... else 1858-1899
    ['311299-9000', '1999-12-31'], // 9: like 4
    ['010120-9000', '2020-01-01'],
  ])('reads %s as born %s (century from the 7th digit)', (cpr, date) => {
    expect(cprBirthDate(cpr)).toBe(date);
  });

  it('throws a typed error, with the Danish reason, for an invalid CPR number', () => {
    expect(() => cprBirthDate('320190-0000')).toThrow(InvalidIdentifierError);
    try {
      cprBirthDate('0101900000');
    } catch (error) {
      expect((error as InvalidIdentifierError).reasonDa).toContain('bindestreg');
    }
  });
});
