import * as avro from 'avsc';

/**
 * The JSON form of a message: what schemas/examples/*.json, schemas/README.md and the CLI show.
 * It is the decoded value itself, with two rules so it survives JSON.stringify/parse unchanged:
 *   - logical types are already strings (see logical-types.ts): dates, timestamps, decimals, uuids;
 *   - plain `bytes` and `fixed` values are base64 strings (e.g. a routed message's payload).
 * Unions are written unwrapped (null or the value), as the codec reads them. Every field is present,
 * optional ones as null: the JSON form of a decoded message is complete, so an example compares equal
 * to its own round trip.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function isBinary(type: avro.Type): boolean {
  return type.typeName === 'bytes' || type.typeName === 'fixed';
}

function unionBranches(type: avro.Type): avro.Type[] | undefined {
  if (type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType) {
    return type.types;
  }
  return undefined;
}

function where(path: readonly string[]): string {
  return path.length > 0 ? path.join('.') : '(root)';
}

/** The JSON form of a value of `type` (a decoded message or part of one). */
export function toJsonForm(type: avro.Type, value: unknown): JsonValue {
  if (type instanceof avro.types.LogicalType) return value as JsonValue;
  const branches = unionBranches(type);
  if (branches) {
    if (value === null) return null;
    const branch = branches.find((candidate) => candidate.typeName !== 'null' && candidate.isValid(value));
    return branch ? toJsonForm(branch, value) : (value as JsonValue);
  }
  if (type instanceof avro.types.RecordType) {
    const record = value as Record<string, unknown>;
    const out: { [key: string]: JsonValue } = {};
    for (const field of type.fields) out[field.name] = toJsonForm(field.type, record[field.name]);
    return out;
  }
  if (type instanceof avro.types.ArrayType) {
    return (value as unknown[]).map((item) => toJsonForm(type.itemsType, item));
  }
  if (type instanceof avro.types.MapType) {
    const valuesType = type.valuesType as avro.Type;
    const out: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>))
      out[key] = toJsonForm(valuesType, item);
    return out;
  }
  if (isBinary(type) && Buffer.isBuffer(value)) return value.toString('base64');
  return value as JsonValue;
}

/**
 * The value a JSON form stands for. Structural problems (unknown or missing fields, bytes that are
 * not base64) are added to `problems` with the path of the field; type problems are left to the
 * codec's validation, which reports them with their path too.
 */
export function fromJsonForm(
  type: avro.Type,
  json: unknown,
  problems: string[],
  path: readonly string[] = [],
): unknown {
  if (type instanceof avro.types.LogicalType) return json;
  const branches = unionBranches(type);
  if (branches) {
    if (json === null) return null;
    const nonNull = branches.filter((branch) => branch.typeName !== 'null');
    for (const branch of nonNull) {
      const attempt: string[] = [];
      const value = fromJsonForm(branch, json, attempt, path);
      if (attempt.length === 0 && branch.isValid(value)) return value;
    }
    // No branch takes it as is: report it against the first non-null branch, the usual ["null", X].
    return nonNull.length > 0 ? fromJsonForm(nonNull[0], json, problems, path) : json;
  }
  if (type instanceof avro.types.RecordType) {
    if (!isPlainObject(json)) return json;
    const known = new Set(type.fields.map((field) => field.name));
    for (const key of Object.keys(json)) {
      if (!known.has(key))
        problems.push(`${where([...path, key])}: unknown field (not in ${type.name ?? 'the record'})`);
    }
    const out: Record<string, unknown> = {};
    for (const field of type.fields) {
      if (!(field.name in json)) {
        problems.push(`${where([...path, field.name])}: missing (write null for an empty optional field)`);
        continue;
      }
      out[field.name] = fromJsonForm(field.type, json[field.name], problems, [...path, field.name]);
    }
    return out;
  }
  if (type instanceof avro.types.ArrayType) {
    if (!Array.isArray(json)) return json;
    return json.map((item, index) => fromJsonForm(type.itemsType, item, problems, [...path, String(index)]));
  }
  if (type instanceof avro.types.MapType) {
    if (!isPlainObject(json)) return json;
    const valuesType = type.valuesType as avro.Type;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(json))
      out[key] = fromJsonForm(valuesType, item, problems, [...path, key]);
    return out;
  }
  if (isBinary(type)) {
    if (typeof json !== 'string' || !BASE64.test(json)) {
      problems.push(`${where(path)}: bytes are written as a base64 string`);
      return json;
    }
    return Buffer.from(json, 'base64');
  }
  return json;
}
