import { validateCvr, validatePNumber } from './company-numbers';

describe(validateCvr.name, () => {
  it('accepts 8 digits passing modulus 11 with weights 2,7,6,5,4,3,2,1', () => {
    expect(validateCvr('12345674')).toEqual({ ok: true });
    expect(validateCvr('29876541')).toEqual({ ok: true });
  });

  it('rejects a CVR number with a wrong check digit, quoting it so the caseworker can find the typo', () => {
    expect(validateCvr('12345675')).toEqual({
      ok: false,
      reasonDa: "CVR-nummeret '12345675' findes ikke: kontrolcifferet passer ikke. Tjek for tastefejl.",
      reasonEn:
        "The CVR number '12345675' does not exist: its check digit is wrong. Check for a typing error.",
    });
  });

  it('rejects the wrong number of digits, spaces and a missing value', () => {
    for (const value of ['1234567', '123456740', '1234 5674', 'DK12345674', '', null]) {
      expect(validateCvr(value).ok).toBe(false);
    }
  });
});

describe(validatePNumber.name, () => {
  it('accepts any 10 digits: one series of P-numbers has wrong check digits', () => {
    expect(validatePNumber('1012345678')).toEqual({ ok: true });
    expect(validatePNumber('9999999999')).toEqual({ ok: true });
  });

  it('rejects anything but 10 digits', () => {
    expect(validatePNumber('101234567')).toEqual({
      ok: false,
      reasonDa: "P-nummeret '101234567' skal være præcis 10 cifre uden mellemrum.",
      reasonEn: "The P-number '101234567' must be exactly 10 digits without spaces.",
    });
    expect(validatePNumber('10123456789').ok).toBe(false);
    expect(validatePNumber(1012345678).ok).toBe(false);
  });
});
