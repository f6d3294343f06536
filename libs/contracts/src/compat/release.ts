import type { SchemaJson, SchemaSource } from '../codec/schema-loader';
import { MAX_LENGTH_ATTRIBUTE } from '../codec/text-limits';
import { checkSchemaHistory, CompatibilityProblem } from './schema-compat';

/**
 * Release planning for scripts/release-schemas.ts: which kinds changed since their latest released
 * version, and the next version number for each. A kind "changed" when anything that affects reading
 * changed (fields, types, names, aliases, defaults, symbols, logical types); a doc-only edit is not a
 * new version. An incompatible change is never released: the plan lists it as blocked.
 */
export interface PlannedRelease {
  kind: string;
  /** The new version number, '1' for a kind never released. */
  version: string;
  /** Path under schemas/, e.g. 'history/beskedmodul.Handover/2.avsc'. */
  file: string;
  /** The self-contained schema to store (shared types inlined, docs kept). */
  schema: SchemaJson;
}

export interface ReleasePlan {
  releases: PlannedRelease[];
  blocked: { kind: string; problems: CompatibilityProblem[] }[];
}

type JsonObject = { [key: string]: SchemaJson };

/**
 * Attributes that do not change how a message is read: docs, and the hub's text limits (checked after
 * a message is read, see codec/text-limits.ts; schemas/README.md says how to change one).
 */
const NOT_READING = new Set(['doc', MAX_LENGTH_ATTRIBUTE]);
const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

/** The schema without docs and text limits, object keys sorted, `{"type": "string"}` as "string". */
function normalised(schema: SchemaJson): SchemaJson {
  if (Array.isArray(schema)) return schema.map(normalised);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: JsonObject = {};
  for (const key of Object.keys(schema).sort()) {
    if (!NOT_READING.has(key)) out[key] = normalised(schema[key]);
  }
  const keys = Object.keys(out);
  if (keys.length === 1 && typeof out.type === 'string' && PRIMITIVES.has(out.type)) return out.type;
  return out;
}

/**
 * Everything about a self-contained schema that affects reading, as a stable string: the schema as
 * written minus docs and text limits. (avsc's exported schema would do, but it drops enum defaults.)
 */
export function readingForm(schema: SchemaJson): string {
  return JSON.stringify(normalised(schema));
}

export function planRelease(source: SchemaSource): ReleasePlan {
  const latest = new Map<string, { version: string; schema: SchemaJson }>();
  for (const entry of source.history) {
    const known = latest.get(entry.kind);
    if (!known || Number(entry.version) > Number(known.version)) latest.set(entry.kind, entry);
  }
  const compatibility = new Map(checkSchemaHistory(source).map((result) => [result.kind, result.problems]));
  const plan: ReleasePlan = { releases: [], blocked: [] };
  for (const { kind, schema } of source.kinds) {
    const previous = latest.get(kind);
    if (previous && readingForm(previous.schema) === readingForm(schema)) continue;
    const problems = compatibility.get(kind) ?? [];
    if (problems.length > 0) {
      plan.blocked.push({ kind, problems });
      continue;
    }
    const version = String(previous ? Number(previous.version) + 1 : 1);
    plan.releases.push({ kind, version, file: `history/${kind}/${version}.avsc`, schema });
  }
  return plan;
}

/** The text of a history file: the schema as indented JSON, one trailing newline. */
export function historyFileText(schema: SchemaJson): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
