import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

/**
 * Reads schemas/ into self-contained schema documents, one per message kind.
 *
 * Layout (the contract with partners, see schemas/README.md):
 *   schemas/common/<Name>.avsc        shared named types (envelope, party, citizen, finding, ...)
 *   schemas/<folder>/<Name>.avsc      one message kind each; namespace dk.hub.<folder>,
 *                                     kind '<folder>.<Name>', e.g. beskedmodul.EarlyOfferRecommendation
 *   schemas/history/<kind>/<v>.avsc   released versions 1, 2, ... (self-contained), still readable;
 *                                     written by scripts/release-schemas.ts, never edited by hand
 *   schemas/examples/<kind>.json      one example message per kind (JSON form), used by the tests
 *                                     and embedded in schemas/README.md
 *
 * Files refer to shared types by full name; each message schema is returned with those types inlined
 * at first use, which is what Avro's Parsing Canonical Form (and so the fingerprint) is computed over.
 */

export type SchemaJson = string | SchemaJson[] | { [key: string]: SchemaJson } | number | boolean | null;
type SchemaObject = { [key: string]: SchemaJson };

export interface KindSchema {
  kind: string;
  fullName: string;
  file: string;
  schema: SchemaJson;
}

export interface HistoricalSchema {
  kind: string;
  version: string;
  file: string;
  schema: SchemaJson;
}

export interface SchemaSource {
  kinds: KindSchema[];
  history: HistoricalSchema[];
}

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const NAMESPACE_ROOT = 'dk.hub';
const SHARED_FOLDER = 'common';
const HISTORY_FOLDER = 'history';
const EXAMPLES_FOLDER = 'examples';
/** Folders of schemas/ that hold no message kinds. */
const NOT_KIND_FOLDERS = new Set([HISTORY_FOLDER, EXAMPLES_FOLDER]);

function isObject(value: SchemaJson): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson(file: string, root: string): SchemaJson {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SchemaJson;
  } catch (error) {
    throw new Error(`${relative(root, file)}: not valid JSON (${(error as Error).message})`);
  }
}

function fullNameOf(schema: SchemaObject, enclosingNamespace: string | undefined): string {
  if (typeof schema.name !== 'string')
    throw new Error(`a named type without a name: ${JSON.stringify(schema)}`);
  const name = schema.name;
  if (name.includes('.')) return name;
  const namespace = typeof schema.namespace === 'string' ? schema.namespace : enclosingNamespace;
  return namespace ? `${namespace}.${name}` : name;
}

/** Collects every named type defined anywhere in `schema`, keyed by full name. */
function collectNamedTypes(
  schema: SchemaJson,
  namespace: string | undefined,
  into: Map<string, SchemaObject>,
  file: string,
): void {
  if (Array.isArray(schema)) {
    schema.forEach((branch) => collectNamedTypes(branch, namespace, into, file));
    return;
  }
  if (!isObject(schema)) return;
  const type = schema.type;
  if (type === 'record' || type === 'enum' || type === 'fixed' || type === 'error') {
    const fullName = fullNameOf(schema, namespace);
    if (into.has(fullName)) throw new Error(`${file}: named type ${fullName} is defined twice`);
    into.set(fullName, schema);
    const innerNamespace = fullName.slice(0, Math.max(fullName.lastIndexOf('.'), 0)) || undefined;
    if (Array.isArray(schema.fields)) {
      for (const field of schema.fields) {
        if (isObject(field)) collectNamedTypes(field.type, innerNamespace, into, file);
      }
    }
    return;
  }
  if (type === 'array') collectNamedTypes(schema.items, namespace, into, file);
  if (type === 'map') collectNamedTypes(schema.values, namespace, into, file);
  if (isObject(type) || Array.isArray(type)) collectNamedTypes(type, namespace, into, file);
}

/** Replaces references to shared named types by their definitions, at first use only. */
function inline(
  schema: SchemaJson,
  namespace: string | undefined,
  named: Map<string, SchemaObject>,
  defined: Set<string>,
): SchemaJson {
  if (typeof schema === 'string') {
    if (PRIMITIVES.has(schema)) return schema;
    const fullName = schema.includes('.') || !namespace ? schema : `${namespace}.${schema}`;
    const target = named.get(fullName) ?? named.get(schema);
    if (!target) throw new Error(`unknown type ${schema}`);
    const targetName = fullNameOf(target, undefined);
    if (defined.has(targetName)) return targetName;
    return inline(
      { ...target, name: targetName, namespace: undefined as unknown as SchemaJson },
      namespace,
      named,
      defined,
    );
  }
  if (Array.isArray(schema)) return schema.map((branch) => inline(branch, namespace, named, defined));
  if (!isObject(schema)) return schema;
  const copy: SchemaObject = {};
  for (const [key, value] of Object.entries(schema)) if (value !== undefined) copy[key] = value;
  const type = copy.type;
  if (type === 'record' || type === 'enum' || type === 'fixed' || type === 'error') {
    const fullName = fullNameOf(copy, namespace);
    defined.add(fullName);
    copy.name = fullName;
    delete copy.namespace;
    const innerNamespace = fullName.slice(0, Math.max(fullName.lastIndexOf('.'), 0)) || undefined;
    if (Array.isArray(copy.fields)) {
      copy.fields = copy.fields.map((field) =>
        isObject(field) ? { ...field, type: inline(field.type, innerNamespace, named, defined) } : field,
      );
    }
    return copy;
  }
  if (type === 'array') copy.items = inline(copy.items, namespace, named, defined);
  else if (type === 'map') copy.values = inline(copy.values, namespace, named, defined);
  else if (isObject(type) || Array.isArray(type) || (typeof type === 'string' && !PRIMITIVES.has(type))) {
    return inline(type, namespace, named, defined);
  }
  return copy;
}

function avscFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.avsc'))
    .sort()
    .map((name) => join(dir, name));
}

export function loadSchemaSource(schemasDir: string): SchemaSource {
  const folders = readdirSync(schemasDir)
    .filter((name) => statSync(join(schemasDir, name)).isDirectory())
    .sort();
  const named = new Map<string, SchemaObject>();
  const documents: { folder: string; file: string; schema: SchemaJson }[] = [];
  for (const folder of folders) {
    if (NOT_KIND_FOLDERS.has(folder)) continue;
    for (const file of avscFiles(join(schemasDir, folder))) {
      const schema = readJson(file, schemasDir);
      collectNamedTypes(schema, undefined, named, relative(schemasDir, file));
      documents.push({ folder, file, schema });
    }
  }

  const kinds: KindSchema[] = [];
  for (const { folder, file, schema } of documents) {
    if (folder === SHARED_FOLDER) continue;
    const where = relative(schemasDir, file);
    if (!isObject(schema) || schema.type !== 'record')
      throw new Error(`${where}: a message kind must be a record`);
    const fullName = fullNameOf(schema, undefined);
    const expected = `${NAMESPACE_ROOT}.${folder}.${basename(file, '.avsc')}`;
    if (fullName !== expected)
      throw new Error(`${where}: the record must be named ${expected}, not ${fullName}`);
    try {
      kinds.push({
        kind: `${folder}.${basename(file, '.avsc')}`,
        fullName,
        file: where,
        schema: inline(schema, undefined, named, new Set()),
      });
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
  }

  const history: HistoricalSchema[] = [];
  const historyDir = join(schemasDir, HISTORY_FOLDER);
  if (folders.includes(HISTORY_FOLDER)) {
    for (const kind of readdirSync(historyDir).sort()) {
      if (!statSync(join(historyDir, kind)).isDirectory()) continue;
      const files = avscFiles(join(historyDir, kind)).map((file) => ({
        file,
        version: basename(file, '.avsc'),
      }));
      for (const { file, version } of files) {
        if (!/^[1-9]\d*$/.test(version)) {
          throw new Error(`${relative(schemasDir, file)}: a released version is named 1.avsc, 2.avsc, ...`);
        }
      }
      files.sort((a, b) => Number(a.version) - Number(b.version));
      for (const { file, version } of files) {
        history.push({ kind, version, file: relative(schemasDir, file), schema: readJson(file, schemasDir) });
      }
    }
  }
  return { kinds, history };
}
