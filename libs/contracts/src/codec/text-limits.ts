import type { SchemaJson } from './schema-loader';

import type { ReasonCode } from '../catalog/reason-codes';
/**
 * Length limits of free text, declared in the schemas themselves: a string type may carry
 * `"hub.maxLength": <characters>`, e.g. `{ "type": "string", "hub.maxLength": 10000 }`.
 *
 * Why an attribute on the type: the Avro specification lets a schema carry attributes it does not
 * define ("metadata"), stock Avro tooling keeps or ignores them, and the Parsing Canonical Form leaves
 * them out, so declaring a limit changes neither the fingerprint nor how any reader resolves a
 * message: it is backward and forward compatible for every partner. (A logical type is left out of
 * the canonical form too, but it names a representation, like date or uuid, that a tool must know to
 * map; a limit is a rule on a plain string, and an attribute leaves the type a plain string for every
 * tool.) On the type, not on the field, it also reaches the items of an array and the string branch
 * of an optional field.
 *
 * A length is counted in characters as a person sees them in the text: Unicode code points (an emoji
 * is one, not the two UTF-16 units JavaScript's `length` counts). The hub enforces the limits where it
 * reads a partner's message (the router, the HTTPS ingress) with reason code TEXT_TOO_LONG.
 */
export const MAX_LENGTH_ATTRIBUTE = 'hub.maxLength';
export const TEXT_TOO_LONG = 'TEXT_TOO_LONG' satisfies ReasonCode;

export interface TextTooLong {
  /** Dotted path of the field, as findNulTextPaths names it: 'body', 'jobPlan.jobGoals.2'. */
  path: string;
  /** The schema's limit, in characters. */
  maxLength: number;
  /** The characters the text holds. */
  length: number;
}

/** Every text of a decoded value longer than its schema allows; empty when none is. */
export type TextLimitCheck = (value: unknown) => TextTooLong[];

type Check = (value: unknown, path: string, out: TextTooLong[]) => void;
type SchemaObject = { [key: string]: SchemaJson };

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const NAMED = new Set(['record', 'error', 'enum', 'fixed']);

const isObject = (value: SchemaJson | undefined): value is SchemaObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
const join = (path: string, name: string): string => (path === '' ? name : `${path}.${name}`);

/** Characters (Unicode code points) in `text`. */
export function characterCount(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    // A high surrogate followed by a low one is one character.
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
    }
    count += 1;
  }
  return count;
}

/**
 * The limit a schema declares on a string type, or undefined. Throws when the attribute is anywhere
 * else or is not a positive whole number: a misplaced limit would silently limit nothing.
 */
export function maxLengthOf(schema: SchemaJson | undefined, where = '(schema)'): number | undefined {
  if (!isObject(schema) || !(MAX_LENGTH_ATTRIBUTE in schema)) return undefined;
  const limit = schema[MAX_LENGTH_ATTRIBUTE];
  if (schema.type !== 'string') {
    throw new Error(
      `${where}: ${MAX_LENGTH_ATTRIBUTE} belongs on a string type, not on ${typeof schema.type === 'string' ? schema.type : 'a nested type'}`,
    );
  }
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1) {
    throw new Error(`${where}: ${MAX_LENGTH_ATTRIBUTE} must be a positive whole number of characters`);
  }
  return limit;
}

/**
 * The limit on a field's text as the docs state it: of its string type, of the string branch of an
 * optional field, or of an array's (or map's) string items. Undefined when it has none.
 */
export function fieldMaxLength(type: SchemaJson | undefined): number | undefined {
  if (Array.isArray(type)) {
    for (const branch of type) {
      const limit = fieldMaxLength(branch);
      if (limit !== undefined) return limit;
    }
    return undefined;
  }
  if (!isObject(type)) return undefined;
  if (type.type === 'array') return fieldMaxLength(type.items);
  if (type.type === 'map') return fieldMaxLength(type.values);
  return maxLengthOf(type);
}

function stringCheck(maxLength: number): Check {
  return (value, path, out) => {
    // `length` counts UTF-16 units, never fewer than the characters: only a text over the limit in
    // units can be over it in characters, so the common case costs one comparison.
    if (typeof value !== 'string' || value.length <= maxLength) return;
    const length = characterCount(value);
    if (length > maxLength) out.push({ path: path === '' ? '(root)' : path, maxLength, length });
  };
}

class Compiler {
  /** Checks of the named records met so far, by full name (later uses refer to them by name). */
  private readonly records = new Map<string, Check | undefined>();
  private readonly compiling = new Set<string>();

  compile(schema: SchemaJson, namespace: string | undefined, where: string): Check | undefined {
    if (typeof schema === 'string') {
      if (PRIMITIVES.has(schema)) return undefined;
      const fullName = schema.includes('.') || !namespace ? schema : `${namespace}.${schema}`;
      // A record referred to from inside itself is checked through a lookup once it is compiled.
      if (this.compiling.has(fullName))
        return (value, path, out) => this.records.get(fullName)?.(value, path, out);
      if (this.records.has(fullName)) return this.records.get(fullName);
      // Enums and fixed types, defined earlier in the schema: nothing in them is text.
      return undefined;
    }
    if (Array.isArray(schema)) return this.union(schema, namespace, where);
    if (!isObject(schema)) return undefined;
    const maxLength = maxLengthOf(schema, where || '(root)');
    if (maxLength !== undefined) return stringCheck(maxLength);
    const type = schema.type;
    if (type === 'record' || type === 'error') return this.record(schema, namespace, where);
    if (type === 'array') {
      const items = this.compile(schema.items, namespace, `${where}[]`);
      if (!items) return undefined;
      return (value, path, out) => {
        if (!Array.isArray(value)) return;
        value.forEach((item, index) => items(item, join(path, String(index)), out));
      };
    }
    if (type === 'map') {
      const values = this.compile(schema.values, namespace, `${where}{}`);
      if (!values) return undefined;
      return (value, path, out) => {
        if (!isPlainObject(value)) return;
        for (const [key, item] of Object.entries(value)) values(item, join(path, key), out);
      };
    }
    if (typeof type === 'string' && (PRIMITIVES.has(type) || NAMED.has(type))) return undefined;
    return this.compile(type, namespace, where);
  }

  private record(schema: SchemaObject, namespace: string | undefined, where: string): Check | undefined {
    const name = typeof schema.name === 'string' ? schema.name : '';
    const ownNamespace = typeof schema.namespace === 'string' ? schema.namespace : namespace;
    const fullName = name.includes('.') || !ownNamespace ? name : `${ownNamespace}.${name}`;
    this.compiling.add(fullName);
    const innerNamespace = fullName.includes('.') ? fullName.slice(0, fullName.lastIndexOf('.')) : undefined;
    const checks: { name: string; check: Check }[] = [];
    for (const field of Array.isArray(schema.fields) ? schema.fields : []) {
      if (!isObject(field) || typeof field.name !== 'string') continue;
      const at = join(where, field.name);
      if (MAX_LENGTH_ATTRIBUTE in field) {
        throw new Error(
          `${at}: declare ${MAX_LENGTH_ATTRIBUTE} on the field's string type, not on the field`,
        );
      }
      const check = this.compile(field.type, innerNamespace, at);
      if (check) checks.push({ name: field.name, check });
    }
    this.compiling.delete(fullName);
    const check: Check | undefined =
      checks.length === 0
        ? undefined
        : (value, path, out) => {
            if (!isPlainObject(value)) return;
            for (const field of checks) field.check(value[field.name], join(path, field.name), out);
          };
    this.records.set(fullName, check);
    return check;
  }

  /**
   * A union's value is its branch's own (unwrapped): a string goes to the string branch, anything else
   * to the one other branch that holds limits. A union with two such other branches (two limited
   * records) is refused when the schemas load: which one a value is would need guessing.
   */
  private union(branches: SchemaJson[], namespace: string | undefined, where: string): Check | undefined {
    let text: Check | undefined;
    let other: Check | undefined;
    for (const branch of branches) {
      const check = this.compile(branch, namespace, where);
      if (!check) continue;
      const isText = isObject(branch) && branch.type === 'string';
      if (isText ? text : other) {
        throw new Error(
          `${where}: a union may hold one limited string and one other limited branch, no more`,
        );
      }
      if (isText) text = check;
      else other = check;
    }
    if (!text && !other) return undefined;
    return (value, path, out) => {
      if (typeof value === 'string') text?.(value, path, out);
      else other?.(value, path, out);
    };
  }
}

/**
 * The check of one self-contained message schema (shared types inlined, as schema-loader gives them).
 * Throws when a limit is declared where it cannot apply.
 */
export function compileTextLimits(schema: SchemaJson, where = '(schema)'): TextLimitCheck {
  let check: Check | undefined;
  try {
    check = new Compiler().compile(schema, undefined, '');
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
  if (!check) return () => [];
  const compiled = check;
  return (value) => {
    const out: TextTooLong[] = [];
    compiled(value, '', out);
    return out;
  };
}

/** The most fields a TEXT_TOO_LONG reason names; the rest are counted. */
const PATHS_NAMED = 5;

/**
 * The reason text of TEXT_TOO_LONG, the same from the router and the ingress: each field by its path
 * with its length and limit, never what it holds (free text may hold anything, a CPR number included).
 */
export function describeTextTooLong(problems: readonly TextTooLong[]): string {
  const named = problems
    .slice(0, PATHS_NAMED)
    .map(({ path, maxLength, length }) => `${path} (${length} characters, at most ${maxLength})`)
    .join(', ');
  const more = problems.length > PATHS_NAMED ? ` and ${problems.length - PATHS_NAMED} more` : '';
  return `the text of ${named}${more} is longer than the schema allows; send it shorter, or as a reference to a document`;
}
