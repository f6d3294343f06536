import { invalid, VALID, ValidationResult } from './validation-result';

/**
 * The Danish unemployment insurance funds (a-kasser) and the hub's short code for each, the id of an
 * a-kasse in PartyRef. Source: the state-recognised a-kasser as listed by Styrelsen for Arbejdsmarked og
 * Rekruttering (STAR) and the funds' own sites, 22 funds as of 2024-2025. The codes are the hub's own
 * (upper case, the abbreviation each fund uses of itself where there is one). When funds merge, add the
 * new code and keep the old one while partners still send it.
 */
export const AKASSER: Readonly<Record<string, string>> = Object.freeze({
  '3F': '3F A-kasse (Fagligt Fælles Forbund)',
  AJKS: 'A-kassen for journalistik, kommunikation og sprog',
  AKA: 'Akademikernes A-kasse',
  ASE: 'Ase A-kasse',
  BUPL: 'BUPL-A, Børne- og Ungdomspædagogernes A-kasse',
  CA: 'CA a-kasse',
  DANA: 'Dana, a-kassen for selvstændige',
  DFH: 'Det Faglige Hus A-kasse',
  DSA: 'Din Sundhedsfaglige A-kasse',
  FAGLIG: 'Din Faglige A-kasse (el, blik og rør, maler m.fl.)',
  FOA: 'FOA A-kasse',
  FRIE: 'Frie A-kasse',
  FTFA: 'FTFa A-kasse',
  HK: 'HK A-kasse',
  KRIFA: 'Krifa A-kasse',
  LEDERNE: 'Ledernes A-kasse',
  LAERERNE: 'Lærernes A-kasse',
  METAL: 'Metal A-kasse (Dansk Metal)',
  MIN: 'Min A-kasse',
  NNF: 'Fødevareforbundet NNF A-kasse',
  SLA: 'Socialpædagogernes A-kasse',
  TEKNIKERNE: 'Teknikernes A-kasse',
});

export function isKnownAkasseCode(code: unknown): boolean {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(AKASSER, code);
}

/** The fund's name, e.g. 'HK A-kasse' for 'HK'; undefined for an unknown code. */
export function akasseName(code: string): string | undefined {
  return isKnownAkasseCode(code) ? AKASSER[code] : undefined;
}

export function validateAkasseCode(value: unknown): ValidationResult {
  if (typeof value !== 'string' || value.length === 0) {
    return invalid('A-kassekoden mangler.', 'The a-kasse code is missing.');
  }
  if (isKnownAkasseCode(value)) return VALID;
  if (isKnownAkasseCode(value.toUpperCase())) {
    return invalid(
      `A-kassekoden skrives med store bogstaver: '${value.toUpperCase()}', ikke '${value}'.`,
      `Write the a-kasse code in upper case: '${value.toUpperCase()}', not '${value}'.`,
    );
  }
  return invalid(
    `A-kassekoden '${value}' er ukendt. Kendte koder: ${Object.keys(AKASSER).join(', ')}.`,
    `The a-kasse code '${value}' is unknown. Known codes: ${Object.keys(AKASSER).join(', ')}.`,
  );
}
