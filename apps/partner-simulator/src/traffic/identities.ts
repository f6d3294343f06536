import { cprPassesModulus11 } from '@hub/contracts';

import type { Prng } from './prng';

/**
 * Citizens the simulator invents. Their CPR numbers have the right form and a real date of birth
 * (the hub checks both), and are chosen so that no real person has them: each fails the modulus-11
 * check, and numbers without a valid check digit have only been issued (since 2007) for birth dates
 * where the check-digit series ran out - 1 January of certain years - which are never drawn here.
 */
export interface SimulatedCitizen {
  cpr: string;
  birthDate: string;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function inventCitizen(
  prng: Prng,
  ageRange: [number, number],
  onDate: string,
  taken: Set<string>,
): SimulatedCitizen {
  const year = Number(onDate.slice(0, 4));
  for (;;) {
    const birthYear = year - prng.int(ageRange[0], ageRange[1]);
    const month = prng.int(1, 12);
    const day = prng.int(1, daysInMonth(birthYear, month));
    if (month === 1 && day === 1) continue;
    // The first digit of the serial number and the year give the century (CPR-kontoret's table):
    // 0-3 for 1900-1999, 4 for 2000-2036.
    const centuryDigit = birthYear >= 2000 ? 4 : prng.int(0, 3);
    const cpr = `${pad(day)}${pad(month)}${pad(birthYear % 100)}-${centuryDigit}${pad(prng.int(0, 999), 3)}`;
    if (cprPassesModulus11(cpr) || taken.has(cpr)) continue;
    taken.add(cpr);
    return { cpr, birthDate: `${birthYear}-${pad(month)}-${pad(day)}` };
  }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Both ways a CPR number can be written, for searching text for it. */
export function cprForms(cpr: string): [string, string] {
  return [cpr, cpr.replace('-', '')];
}

const CVR_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1];

/** A CVR number from its first seven digits, with the modulus-11 check digit; throws if none exists. */
export function cvrFrom(prefix: string): string {
  if (!/^\d{7}$/.test(prefix)) throw new Error(`a CVR prefix is 7 digits, got '${prefix}'`);
  const sum = CVR_WEIGHTS.slice(0, 7).reduce((acc, weight, i) => acc + weight * Number(prefix[i]), 0);
  const check = (11 - (sum % 11)) % 11;
  if (check === 10) throw new Error(`no CVR check digit exists for ${prefix}`);
  return `${prefix}${check}`;
}
