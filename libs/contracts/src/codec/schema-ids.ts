import { existsSync, readFileSync } from 'node:fs';

/**
 * The second wire format the hub reads: schema-registry framing (Confluent's wire format, what the
 * stock Kafka Avro serializers of Java, .NET and Node write): magic byte 0, the writer schema's
 * registry id as 4 bytes big-endian, then the Avro binary body. The body is the same Avro binary as
 * in single-object encoding; only the header says differently which schema wrote it.
 */
export const REGISTRY_MAGIC_BYTE = 0x00;
export const REGISTRY_HEADER_LENGTH = 5;

/** How a partner message is framed on the wire; `single-object` is the hub's own and the default. */
export const WIRE_FRAMINGS = ['single-object', 'schema-registry'] as const;
export type WireFraming = (typeof WIRE_FRAMINGS)[number];
export const DEFAULT_WIRE_FRAMING: WireFraming = 'single-object';

/** One writer schema the hub knows, under its registry id. */
export interface SchemaIdEntry {
  id: number;
  kind: string;
  /** The released version (schemas/history/<kind>/<version>.avsc) this schema is. */
  version: string;
  /** CRC-64-AVRO fingerprint (hex, as single-object encoding carries it) of the writer schema. */
  fingerprint: string;
}

/** The file form of a table: `{ "schemas": [ { id, kind, version, fingerprint }, ... ] }`. */
export interface SchemaIdFile {
  schemas: SchemaIdEntry[];
}

const MAX_SCHEMA_ID = 0x7fffffff;

/**
 * Registry id ↔ writer schema (by fingerprint). Built from the committed table
 * (schemas/registry-ids.json) or from a live registry (`hub schemas register`); either way an id the
 * table does not hold is refused as UNKNOWN_SCHEMA_ID, as an unknown fingerprint is refused.
 */
export class SchemaIdTable {
  private readonly byId = new Map<number, SchemaIdEntry>();
  private readonly byFingerprint = new Map<string, SchemaIdEntry>();

  constructor(
    /** Where the ids come from (a file name or a registry URL), for messages. */
    readonly source: string,
    entries: readonly SchemaIdEntry[],
  ) {
    for (const entry of entries) {
      if (!Number.isInteger(entry.id) || entry.id < 0 || entry.id > MAX_SCHEMA_ID) {
        throw new Error(`${source}: schema id ${entry.id} of ${entry.kind} is not a 4-byte registry id`);
      }
      if (this.byId.has(entry.id)) throw new Error(`${source}: schema id ${entry.id} is given twice`);
      if (this.byFingerprint.has(entry.fingerprint)) {
        throw new Error(`${source}: the schema with fingerprint ${entry.fingerprint} has two ids`);
      }
      this.byId.set(entry.id, entry);
      this.byFingerprint.set(entry.fingerprint, entry);
    }
  }

  entry(id: number): SchemaIdEntry | undefined {
    return this.byId.get(id);
  }

  idOf(fingerprint: string): number | undefined {
    return this.byFingerprint.get(fingerprint)?.id;
  }

  entries(): SchemaIdEntry[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }
}

export function registryHeader(id: number): Buffer {
  const header = Buffer.alloc(REGISTRY_HEADER_LENGTH);
  header[0] = REGISTRY_MAGIC_BYTE;
  header.writeUInt32BE(id, 1);
  return header;
}

/** The committed table's name under schemas/. */
export const SCHEMA_ID_FILE = 'registry-ids.json';

/**
 * The committed table, or undefined when the file does not exist. `label` names it in errors and
 * dead-letter reasons (a name relative to the repository, never a machine path).
 */
export function readSchemaIdFile(file: string, label: string): SchemaIdTable | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as SchemaIdFile;
  if (!Array.isArray(parsed.schemas)) throw new Error(`${label}: expected { "schemas": [...] }`);
  return new SchemaIdTable(label, parsed.schemas);
}

/** The text of the committed table: one entry a line, so a release's diff shows the ids it adds. */
export function schemaIdFileText(entries: readonly SchemaIdEntry[]): string {
  const lines = [...entries]
    .sort((a, b) => a.id - b.id)
    .map((entry) => `    ${JSON.stringify(entry)}`)
    .join(',\n');
  return `{\n  "schemas": [\n${lines}\n  ]\n}\n`;
}

/**
 * The table with an id for every writer schema in `writers` that has none yet: new ids follow the
 * highest one, in the order given. Ids never change or get reused, since partners' serializers
 * and records already written carry them.
 */
export function extendSchemaIds(
  existing: readonly SchemaIdEntry[],
  writers: readonly Omit<SchemaIdEntry, 'id'>[],
): SchemaIdEntry[] {
  const entries = [...existing];
  const known = new Set(existing.map((entry) => entry.fingerprint));
  let next = existing.reduce((highest, entry) => Math.max(highest, entry.id), 0) + 1;
  for (const writer of writers) {
    if (known.has(writer.fingerprint)) continue;
    known.add(writer.fingerprint);
    entries.push({ id: next, ...writer });
    next += 1;
  }
  return entries;
}
