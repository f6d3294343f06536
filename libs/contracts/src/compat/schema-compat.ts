import * as avro from 'avsc';

import { parseSchema } from '../codec/message-codec';
import type { HistoricalSchema, SchemaJson, SchemaSource } from '../codec/schema-loader';

/**
 * Schema compatibility between a message kind's current schema and its released versions
 * (schemas/history/<kind>/<v>.avsc).
 *
 *   backward: the current schema reads messages written with a released version
 *             (the hub's consumers upgrade first; the codec resolves old writers this way);
 *   forward:  a released version reads messages written with the current schema
 *             (partners and services still on the old version keep working).
 *
 * avsc's resolver (`reader.createResolver(writer)`) decides; when it refuses, a walk over both
 * schemas names the field that breaks it, so the failing test says what to fix.
 * Checked: backward against every released version (the codec must read them all), forward against
 * the latest one.
 */
export type CompatDirection = 'backward' | 'forward';

export interface CompatibilityProblem {
  direction: CompatDirection;
  /** Dotted path of the offending field ('envelope.sender.kind', 'interviewsHeld[].form'), or '(root)'. */
  path: string;
  /** What is wrong, naming the field and the version. */
  message: string;
}

export interface KindCompatibility {
  kind: string;
  /** The latest released version, if any. */
  latestVersion?: string;
  problems: CompatibilityProblem[];
}

interface Sides {
  direction: CompatDirection;
  /** The released version, e.g. 'version 3'. */
  released: string;
}

function canRead(reader: avro.Type, writer: avro.Type): boolean {
  try {
    reader.createResolver(writer);
    return true;
  } catch {
    return false;
  }
}

function branchesOf(type: avro.Type): avro.Type[] | undefined {
  if (type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType) {
    return type.types;
  }
  return undefined;
}

function describe(type: avro.Type): string {
  const branches = branchesOf(type);
  if (branches) return branches.map(describe).join(' or ');
  if (type instanceof avro.types.LogicalType) {
    return type.typeName.replace(/^logical:/, '');
  }
  if (type instanceof avro.types.ArrayType) return `array of ${describe(type.itemsType)}`;
  if (type instanceof avro.types.MapType) return `map of ${describe(type.valuesType as avro.Type)}`;
  return type.name ?? type.typeName;
}

function sameShape(a: avro.Type, b: avro.Type): boolean {
  return a.typeName === b.typeName && (a.name ?? '') === (b.name ?? '');
}

function label(path: readonly string[]): string {
  return path.length > 0 ? path.join('.').replace(/\.(\[\]|\{\})/g, '$1') : '(root)';
}

function fieldAliases(field: avro.types.Field): string[] {
  return [field.name, ...(field.aliases ?? [])];
}

function enumDefault(type: avro.types.EnumType): string | undefined {
  return (type as unknown as { default?: string }).default;
}

/**
 * Explains why `reader` cannot read `writer`, field by field. Only called once avsc refused, so every
 * branch below looks for the first place the two differ in a way Avro's resolution rules forbid.
 */
function explain(
  reader: avro.Type,
  writer: avro.Type,
  path: string[],
  sides: Sides,
  out: CompatibilityProblem[],
): void {
  const { direction, released } = sides;
  const add = (message: string): void => {
    out.push({ direction, path: label(path), message });
  };
  // In both directions the "old" side is the released version and the "new" side the current schema.
  const oldType = direction === 'backward' ? writer : reader;
  const newType = direction === 'backward' ? reader : writer;
  const consequence =
    direction === 'backward'
      ? `the current schema cannot read messages written with ${released}`
      : `readers still on ${released} cannot read new messages`;
  const changedType = (): void =>
    add(
      `field '${label(path)}' changed type from ${describe(oldType)} to ${describe(newType)}: ${consequence}`,
    );

  const writerBranches = branchesOf(writer);
  const readerBranches = branchesOf(reader);
  if (writerBranches) {
    for (const branch of writerBranches) {
      if (canRead(reader, branch)) continue;
      if (branch.typeName === 'null') {
        add(
          direction === 'backward'
            ? `field '${label(path)}' is no longer optional: messages written with ${released} may hold null there, which the current schema cannot read`
            : `field '${label(path)}' became optional (may be null): readers still on ${released} cannot read a null there`,
        );
        continue;
      }
      explain(reader, branch, path, sides, out);
    }
    return;
  }
  if (readerBranches) {
    const match = readerBranches.find((branch) => sameShape(branch, writer));
    if (match) explain(match, writer, path, sides, out);
    else changedType();
    return;
  }
  if (reader instanceof avro.types.RecordType && writer instanceof avro.types.RecordType) {
    if (reader.name !== writer.name && !(reader.aliases ?? []).includes(writer.name ?? '')) {
      add(
        `record '${label(path)}' was renamed from ${String(oldType.name)} to ${String(newType.name)} without an alias: ${consequence}`,
      );
      return;
    }
    for (const field of reader.fields) {
      const names = fieldAliases(field);
      const match = writer.fields.find((candidate) => names.includes(candidate.name));
      const fieldPath = [...path, field.name];
      if (!match) {
        if (field.defaultValue() !== undefined) continue;
        out.push({
          direction,
          path: label(fieldPath),
          message:
            direction === 'backward'
              ? `field '${label(fieldPath)}' was added without a default: messages written with ${released} lack it, so the current schema cannot read them`
              : `field '${label(fieldPath)}' was removed but ${released} has no default for it: readers still on ${released} cannot read new messages`,
        });
        continue;
      }
      if (!canRead(field.type, match.type)) explain(field.type, match.type, fieldPath, sides, out);
    }
    return;
  }
  if (reader instanceof avro.types.EnumType && writer instanceof avro.types.EnumType) {
    if (reader.name !== writer.name && !(reader.aliases ?? []).includes(writer.name ?? '')) {
      add(
        `enum '${label(path)}' was renamed from ${String(oldType.name)} to ${String(newType.name)} without an alias: ${consequence}`,
      );
      return;
    }
    const unknown = writer.symbols.filter((symbol) => !reader.symbols.includes(symbol));
    if (unknown.length > 0 && enumDefault(reader) === undefined) {
      add(
        direction === 'backward'
          ? `enum field '${label(path)}' (${String(reader.name)}) lost symbol(s) ${unknown.join(', ')}: messages written with ${released} may hold them, so the current schema cannot read them`
          : `enum field '${label(path)}' (${String(reader.name)}) gained symbol(s) ${unknown.join(', ')}, which readers still on ${released} do not know (give the enum a default in a released version first)`,
      );
    }
    return;
  }
  if (reader instanceof avro.types.ArrayType && writer instanceof avro.types.ArrayType) {
    explain(reader.itemsType, writer.itemsType, [...path, '[]'], sides, out);
    return;
  }
  if (reader instanceof avro.types.MapType && writer instanceof avro.types.MapType) {
    explain(reader.valuesType as avro.Type, writer.valuesType as avro.Type, [...path, '{}'], sides, out);
    return;
  }
  changedType();
}

function check(reader: avro.Type, writer: avro.Type, sides: Sides): CompatibilityProblem[] {
  try {
    reader.createResolver(writer);
    return [];
  } catch (error) {
    const problems: CompatibilityProblem[] = [];
    explain(reader, writer, [], sides, problems);
    if (problems.length === 0) {
      // The walk found nothing avsc objects to: report avsc's own words rather than nothing.
      problems.push({
        direction: sides.direction,
        path: '(root)',
        message: `${sides.direction === 'backward' ? `the current schema cannot read ${sides.released}` : `${sides.released} cannot read the current schema`}: ${(error as Error).message}`,
      });
    }
    return problems;
  }
}

/**
 * Problems between a released schema and the current one; empty when they are compatible both ways.
 * `released` names the released version in the messages (e.g. 'version 1').
 */
export function compareSchemas(
  released: SchemaJson,
  current: SchemaJson,
  releasedLabel = 'the released version',
  directions: readonly CompatDirection[] = ['backward', 'forward'],
): CompatibilityProblem[] {
  const oldType = parseSchema(released);
  const newType = parseSchema(current);
  const problems: CompatibilityProblem[] = [];
  if (directions.includes('backward')) {
    problems.push(...check(newType, oldType, { direction: 'backward', released: releasedLabel }));
  }
  if (directions.includes('forward')) {
    problems.push(...check(oldType, newType, { direction: 'forward', released: releasedLabel }));
  }
  return problems;
}

/** One line per problem, as tests and scripts print them: '<kind>: <message> (<direction>)'. */
export function formatProblem(kind: string, problem: CompatibilityProblem): string {
  return `${kind}: ${problem.message} (${problem.direction})`;
}

/**
 * Checks every current message kind against its released history: backward against every version,
 * forward against the latest. A kind whose history exists but whose schema is gone is a problem too
 * (its writers' messages could no longer be read). Kinds never released are reported with no latest
 * version and no problems; `unreleasedKinds` lists them.
 */
export function checkSchemaHistory(source: SchemaSource): KindCompatibility[] {
  const byKind = new Map<string, HistoricalSchema[]>();
  for (const entry of source.history) {
    const versions = byKind.get(entry.kind) ?? [];
    versions.push(entry);
    byKind.set(entry.kind, versions);
  }
  const results: KindCompatibility[] = [];
  for (const { kind, schema } of source.kinds) {
    const versions = (byKind.get(kind) ?? []).sort((a, b) => Number(a.version) - Number(b.version));
    const latest = versions.at(-1);
    const problems: CompatibilityProblem[] = [];
    for (const version of versions) {
      const directions: CompatDirection[] = version === latest ? ['backward', 'forward'] : ['backward'];
      problems.push(...compareSchemas(version.schema, schema, `version ${version.version}`, directions));
    }
    results.push({ kind, latestVersion: latest?.version, problems });
  }
  const current = new Set(source.kinds.map(({ kind }) => kind));
  for (const [kind, versions] of byKind) {
    if (current.has(kind)) continue;
    results.push({
      kind,
      latestVersion: versions.at(-1)?.version,
      problems: [
        {
          direction: 'backward',
          path: '(root)',
          message: `the message kind was removed (schemas/history/${kind} still holds released versions): messages written with them could no longer be read`,
        },
      ],
    });
  }
  return results.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}

export function unreleasedKinds(results: readonly KindCompatibility[]): string[] {
  return results.filter((result) => result.latestVersion === undefined).map((result) => result.kind);
}
