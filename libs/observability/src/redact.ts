/**
 * A CPR number never appears in logs in clear (docs/domain.md, and tavshedspligt). The logger runs every
 * line through this, whatever the code logged. A CPR number is six digits that are a real day and
 * month (DDMMYY, or DD.MM.YY the way a date is written) and four more digits, joined by nothing, a
 * hyphen or dash of any kind, a slash or spaces, or by those characters percent-encoded in a URL (a
 * query string turns a space into `+`). It becomes [CPR]. The date check keeps an ordinary 10-digit
 * id from being taken for one; over-redacting a number that happens to look like a date is the safe
 * error.
 */

/** Hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign, and the slash. */
const DASHES = '[-\\u2010-\\u2014\\u2212/]';
/** The same characters percent-encoded (UTF-8), as they stand in a request URL. */
const ENCODED_DASHES = '%2D|%E2%80%9[0-4]|%E2%88%92|%2F';
/** Any whitespace but a line break (space, tab, no-break space): a caseworker's "150385 4321". */
const SPACE = '[^\\S\\r\\n]';
const ENCODED_SPACE = '\\+|%20|%C2%A0';
const SERIAL_SEPARATOR = `${SPACE}{0,2}(?:${DASHES}|${ENCODED_DASHES})${SPACE}{0,2}|${SPACE}{1,2}|${ENCODED_SPACE}`;

/**
 * Day, month and year either run together or split by the same one of `.`, `-`, `/` or a space
 * (`\2` matches nothing when the date has no separator), then the serial number. The digits around
 * it must not be digits, so a longer number is never cut into a CPR.
 */
const CPR_PATTERN = new RegExp(
  `(?<!\\d)(0[1-9]|[12]\\d|3[01])([./ -])?(0[1-9]|1[0-2])\\2(\\d{2})(?:${SERIAL_SEPARATOR})?\\d{4}(?!\\d)`,
  'gi',
);

/** The same, without the global flag's state, to ask only whether a text holds a candidate at all. */
const CPR_CANDIDATE = new RegExp(CPR_PATTERN.source, 'i');

/** The most days a month can have; February's 29 because the century (and so leap years) is unknown. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const CPR_REDACTED = '[CPR]';

export function redactCprInText(text: string): string {
  return text.replace(CPR_PATTERN, (match: string, day: string, _separator: string, month: string) =>
    Number(day) <= DAYS_IN_MONTH[Number(month) - 1] ? CPR_REDACTED : match,
  );
}

/**
 * Redacts a CPR number in every string literal (keys and values) of a serialized JSON log line. It
 * is the last net under the logger, for fields that reach the line by a way the structured
 * redaction does not see (a child logger's bindings, a library's serializer). Numbers stay as they
 * are, so the line stays valid JSON. A JSON string escapes only quotes, backslashes and control
 * characters, so every spelling above reads the same inside one.
 */
export function redactCprInJsonLine(line: string): string {
  // Almost every line holds nothing CPR-shaped: one scan of the whole line spares it the per-literal pass.
  if (!CPR_CANDIDATE.test(line)) return line;
  return line.replace(/"(?:[^"\\]|\\.)*"/g, (literal) => redactCprInText(literal));
}

type Container = Record<string, unknown> | unknown[];

/**
 * A copy of a logged value with every CPR number in its strings and keys redacted, however deep.
 * It walks the value with its own stack (not recursion), so no depth is too deep and none is left
 * unread, and maps every object it has copied to its copy, so a cycle ends (the copy has the same
 * cycle, which the logger prints as "[Circular]") and a shared object is copied once. Buffers and
 * other binary data become a short description: as JSON they are a list of byte values, which can
 * spell a CPR number no pattern sees and fill a line for nothing.
 */
export function redactCpr<T>(value: T): T {
  const copies = new Map<object, unknown>();
  const pending: Array<{ source: object; target: Container; keys: string[] }> = [];

  const visit = (item: unknown): unknown => {
    if (typeof item === 'string') return redactCprInText(item);
    if (item === null || typeof item !== 'object') return item;
    const known = copies.get(item);
    if (known !== undefined) return known;
    const copy = copyShell(item);
    copies.set(item, copy.target);
    if (copy.keys.length > 0 && typeof copy.target === 'object' && copy.target !== null)
      pending.push({ source: copy.source, target: copy.target as Container, keys: copy.keys });
    return copy.target;
  };

  const root = visit(value);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const source = next.source as Record<string, unknown>;
    if (Array.isArray(next.target)) {
      for (const key of next.keys) next.target[Number(key)] = visit(source[key]);
    } else {
      for (const key of next.keys) next.target[redactCprInText(key)] = visit(source[key]);
    }
  }
  return root as T;
}

/** What an object becomes in the copy, and which of its own keys still have to be filled in. */
function copyShell(item: object): { target: unknown; source: object; keys: string[] } {
  if (item instanceof ArrayBuffer || ArrayBuffer.isView(item)) {
    const name = Buffer.isBuffer(item) ? 'Buffer' : item.constructor.name;
    return { target: `[${name}: ${item.byteLength} bytes]`, source: item, keys: [] };
  }
  if (Array.isArray(item))
    return { target: new Array<unknown>(item.length), source: item, keys: Object.keys(item) };
  if (item instanceof Error) return { ...errorShell(item), source: item, keys: errorKeys(item) };
  // A Date holds no text; a Map or a Set prints as {} whatever it holds.
  if (item instanceof Date || item instanceof Map || item instanceof Set)
    return { target: item, source: item, keys: [] };
  const toJSON = (item as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    // What the logger would print (a URL's href, a decimal's digits), redacted like any value.
    const printed: unknown = toJSON.call(item);
    if (typeof printed === 'string') return { target: redactCprInText(printed), source: item, keys: [] };
    if (printed === null || typeof printed !== 'object') return { target: printed, source: item, keys: [] };
    return copyShell(printed);
  }
  // Plain objects and class instances alike: JSON prints their own enumerable properties.
  return { target: {}, source: item, keys: Object.keys(item) };
}

/**
 * An error keeps its class (the logger names it by its constructor), a redacted message and stack,
 * its own enumerable fields (a driver's `detail`, `query`) and its `cause`, all redacted.
 */
function errorShell(error: Error): { target: Error } {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  const hidden = (text: string): PropertyDescriptor => ({
    value: redactCprInText(text),
    writable: true,
    configurable: true,
    enumerable: false,
  });
  Object.defineProperty(copy, 'message', hidden(error.message));
  if (error.stack !== undefined) Object.defineProperty(copy, 'stack', hidden(error.stack));
  if (Object.prototype.hasOwnProperty.call(error, 'name'))
    Object.defineProperty(copy, 'name', hidden(error.name));
  return { target: copy };
}

function errorKeys(error: Error): string[] {
  const keys = Object.keys(error).filter((key) => key !== 'message' && key !== 'stack' && key !== 'name');
  return 'cause' in error && !keys.includes('cause') ? [...keys, 'cause'] : keys;
}
