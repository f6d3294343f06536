import type { WriterSchema } from './message-codec';
import { SchemaIdEntry, SchemaIdTable } from './schema-ids';

/**
 * The hub's schemas in a schema registry that speaks the Confluent-compatible REST API (Apicurio
 * Registry's `/apis/ccompat/v7`, Confluent Schema Registry): `hub schemas register` registers every
 * schema the hub reads, and services started with HUB_SCHEMA_REGISTRY_URL look their ids up at
 * start-up instead of using the committed table (docs/wire-formats.md).
 *
 * Subjects follow the record name strategy: one subject per message kind, named by the record's full
 * name (`dk.hub.beskedmodul.EarlyOfferRecommendation`), its versions the kind's released versions in
 * order. A topic carries many kinds, so the default topic name strategy (`<topic>-value`) would put
 * unrelated records in one subject; partners' serializers are set to the record name strategy.
 */
/** What of the codec the registry needs: the schemas it reads. */
export interface WriterSchemaSource {
  writerSchemas(): WriterSchema[];
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export function registrySubject(kind: string): string {
  return `dk.hub.${kind}`;
}

/** Oldest first per kind, the current schema after its releases, as a registry should see them. */
function inRegistrationOrder(writers: readonly WriterSchema[]): WriterSchema[] {
  const rank = (version: string): number =>
    version === 'current' ? Number.MAX_SAFE_INTEGER : Number(version);
  return [...writers].sort((a, b) => a.kind.localeCompare(b.kind) || rank(a.version) - rank(b.version));
}

async function call(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': CONTENT_TYPE, accept: CONTENT_TYPE },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // Kept as text for the error message.
  }
  return { status: response.status, json };
}

function idFrom(answer: { status: number; json: unknown }, what: string): number {
  const id = (answer.json as { id?: unknown } | null)?.id;
  if (answer.status !== 200 || typeof id !== 'number') {
    throw new Error(
      `${what}: the registry answered ${answer.status} ${JSON.stringify(answer.json).slice(0, 300)}`,
    );
  }
  return id;
}

function baseOf(registryUrl: string): string {
  return registryUrl.replace(/\/+$/, '');
}

function tableEntry(writer: WriterSchema, id: number): SchemaIdEntry {
  return { id, kind: writer.kind, version: writer.version, fingerprint: writer.fingerprint };
}

/**
 * Registers every schema the codec reads (a schema registered before keeps its id) and returns the
 * ids the registry gave them.
 */
export async function registerSchemas(
  registryUrl: string,
  codec: WriterSchemaSource,
): Promise<SchemaIdTable> {
  const entries: SchemaIdEntry[] = [];
  for (const writer of inRegistrationOrder(codec.writerSchemas())) {
    const subject = registrySubject(writer.kind);
    const answer = await call(`${baseOf(registryUrl)}/subjects/${encodeURIComponent(subject)}/versions`, {
      schemaType: 'AVRO',
      schema: JSON.stringify(writer.schema),
    });
    entries.push(tableEntry(writer, idFrom(answer, `registering ${subject} (${writer.version})`)));
  }
  return new SchemaIdTable(`schema registry ${baseOf(registryUrl)}`, entries);
}

/**
 * The registry's ids of every schema the codec reads, looked up without registering anything; throws
 * naming every schema the registry does not hold (run `hub schemas register` first).
 */
export async function fetchSchemaIds(registryUrl: string, codec: WriterSchemaSource): Promise<SchemaIdTable> {
  const entries: SchemaIdEntry[] = [];
  const missing: string[] = [];
  for (const writer of inRegistrationOrder(codec.writerSchemas())) {
    const subject = registrySubject(writer.kind);
    const answer = await call(`${baseOf(registryUrl)}/subjects/${encodeURIComponent(subject)}`, {
      schemaType: 'AVRO',
      schema: JSON.stringify(writer.schema),
    });
    if (answer.status === 404) {
      missing.push(`${writer.kind} version ${writer.version}`);
      continue;
    }
    entries.push(tableEntry(writer, idFrom(answer, `looking up ${subject} (${writer.version})`)));
  }
  if (missing.length > 0) {
    throw new Error(
      `the schema registry at ${baseOf(registryUrl)} lacks ${missing.join(', ')}: run \`hub schemas register\``,
    );
  }
  return new SchemaIdTable(`schema registry ${baseOf(registryUrl)}`, entries);
}
