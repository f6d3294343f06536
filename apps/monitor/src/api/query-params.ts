import { BadRequestException } from '@nestjs/common';
import { isIsoDate } from '@hub/agreements';

import { PartyKey, parseParty } from './api-keys';

/**
 * A query string as Express parses it: a parameter given twice is an array, `a[b]=c` an object. The
 * checks below accept only one plain string per parameter.
 */
export type RawQuery = Record<string, unknown>;

/** The longest text filter taken: agreement ids, kinds, codes and pseudonyms are far shorter. */
export const MAX_TEXT_LENGTH = 200;
/** The deepest page taken: paging further than this through the log is a report, not a page. */
export const MAX_OFFSET = 1_000_000;

/**
 * C0 and C1 control characters and DEL. PostgreSQL refuses a NUL in text outright (that was a 500),
 * and none of the others belongs in an id, a code or a pseudonym.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Digits only: `1e3`, `0x10`, ` 5`, `+5` and `5.0` are not what a user meant by a whole number. */
const DIGITS = /^\d+$/;

const bad = (message: string): BadRequestException => new BadRequestException(message);

/**
 * One parameter as a string; undefined when absent or empty. The messages name the parameter and
 * never echo the value (a caller may have typed a CPR number into it).
 */
function single(name: string, value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw bad(`${name} must be given once, as plain text`);
  return value;
}

function wholeNumber(name: string, value: unknown, min: number, max: number): number | undefined {
  const text = single(name, value);
  if (text === undefined) return undefined;
  // The length check keeps a 64-bit overflow (or a thousand digits) from ever reaching Number().
  const parsed = DIGITS.test(text) && text.length <= String(max).length ? Number(text) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw bad(`${name} must be a whole number from ${min} to ${max}`);
  }
  return parsed;
}

/** Query-string checks with messages an API user understands; each returns undefined when absent. */
export const params = {
  /**
   * Refuses a parameter the endpoint does not take: a misspelt filter would otherwise be ignored
   * and the caller would read unfiltered rows as if they were filtered.
   */
  only(query: RawQuery, allowed: readonly string[]): void {
    const unknown = Object.keys(query).filter((name) => !allowed.includes(name));
    if (unknown.length === 0) return;
    // The name is the caller's own text: shown only when it is short and clean.
    const shown = unknown.map((name) => (name.length <= 40 && !CONTROL.test(name) ? name : '(unreadable)'));
    throw bad(
      `unknown query parameter ${shown.join(', ')}; this endpoint takes ${allowed.join(', ') || 'none'}`,
    );
  },
  limit(name: string, value: unknown, fallback: number, max: number): number {
    return wholeNumber(name, value, 1, max) ?? fallback;
  },
  offset(name: string, value: unknown): number {
    return wholeNumber(name, value, 0, MAX_OFFSET) ?? 0;
  },
  date(name: string, value: unknown): string | undefined {
    const text = single(name, value);
    if (text === undefined) return undefined;
    if (!isIsoDate(text)) throw bad(`${name} must be a real calendar date YYYY-MM-DD`);
    return text;
  },
  month(name: string, value: unknown): string | undefined {
    const text = single(name, value);
    if (text === undefined) return undefined;
    // Year 0000 is no date PostgreSQL knows (that was a 500); no exchange predates 1900 anyway.
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(text) || text < '1900') {
      throw bad(`${name} must be a month YYYY-MM, from 1900-01`);
    }
    return text;
  },
  party(name: string, value: unknown): PartyKey | undefined {
    const text = params.text(name, value);
    if (text === undefined) return undefined;
    const party = parseParty(text);
    if (!party) throw bad(`${name} must be <kind>:<id>, e.g. akasse:3F or jobcenter:707`);
    return party;
  },
  text(name: string, value: unknown): string | undefined {
    const text = single(name, value);
    if (text === undefined) return undefined;
    if (text.length > MAX_TEXT_LENGTH) throw bad(`${name} must be at most ${MAX_TEXT_LENGTH} characters`);
    if (CONTROL.test(text)) throw bad(`${name} must not contain control characters (such as NUL)`);
    // A lone surrogate is not text PostgreSQL can store or compare.
    if (LONE_SURROGATE.test(text)) throw bad(`${name} must be valid UTF-8 text`);
    return text;
  },
  oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined {
    const text = single(name, value);
    if (text === undefined) return undefined;
    const found = allowed.find((candidate) => candidate === text);
    if (!found) throw bad(`${name} must be one of ${allowed.join(', ')}`);
    return found;
  },
  uuid(name: string, value: string): string {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)) {
      throw bad(`${name} must be a UUID`);
    }
    return value;
  },
};
