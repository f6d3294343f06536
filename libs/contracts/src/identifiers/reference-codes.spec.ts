import { akasseName, AKASSER, isKnownAkasseCode, validateAkasseCode } from './akasse-codes';
import {
  isKnownMunicipalityCode,
  municipalityName,
  MUNICIPALITIES,
  validateMunicipalityCode,
} from './municipality-codes';

describe(isKnownMunicipalityCode.name, () => {
  it('knows exactly the 98 Danish municipalities', () => {
    expect(Object.keys(MUNICIPALITIES)).toHaveLength(98);
    expect(new Set(Object.values(MUNICIPALITIES)).size).toBe(98);
  });

  it('knows the jobcentres of the seed agreements', () => {
    expect(['101', '615', '707', '766', '791'].map(municipalityName)).toEqual([
      'København',
      'Horsens',
      'Norddjurs',
      'Hedensted',
      'Viborg',
    ]);
  });

  it('rejects Christiansø, old pre-2007 codes and malformed codes with a clear reason', () => {
    expect(isKnownMunicipalityCode('411')).toBe(false);
    expect(validateMunicipalityCode('999')).toEqual({
      ok: false,
      reasonDa: "Kommunekoden '999' er ikke en af de 98 danske kommuner.",
      reasonEn: "The municipality code '999' is not one of the 98 Danish municipalities.",
    });
    expect(validateMunicipalityCode('0707')).toEqual({
      ok: false,
      reasonDa: "Kommunekoden '0707' skal være tre cifre, fx 707 for Norddjurs.",
      reasonEn: "The municipality code '0707' must be three digits, e.g. 707 for Norddjurs.",
    });
    expect(isKnownMunicipalityCode(707)).toBe(false);
  });
});

describe(isKnownAkasseCode.name, () => {
  it('knows the a-kasser of docs/domain.md by their short codes', () => {
    for (const code of ['3F', 'HK', 'FOA', 'METAL', 'KRIFA']) expect(isKnownAkasseCode(code)).toBe(true);
    expect(Object.keys(AKASSER).length).toBeGreaterThanOrEqual(20);
    expect(akasseName('HK')).toBe('HK A-kasse');
  });

  it('tells the caseworker to use upper case, and lists the known codes for an unknown one', () => {
    expect(validateAkasseCode('hk')).toEqual({
      ok: false,
      reasonDa: "A-kassekoden skrives med store bogstaver: 'HK', ikke 'hk'.",
      reasonEn: "Write the a-kasse code in upper case: 'HK', not 'hk'.",
    });
    const unknown = validateAkasseCode('XYZ');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok)
      expect(unknown.reasonEn).toMatch(/^The a-kasse code 'XYZ' is unknown\. Known codes: 3F, AJKS, /);
  });
});
