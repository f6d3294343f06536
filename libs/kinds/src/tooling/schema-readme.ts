import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  channelOfKind,
  inboundTopic,
  loadMessageExamples,
  loadSchemaSource,
  maxLengthOf,
  type MessageExample,
  type MessageKind,
  type PartyKind,
  type PartyRef,
  type SchemaJson,
  TOPICS,
} from '@hub/contracts';

import { MESSAGE_CATALOG } from '../catalog';
import type { SeedClause } from '../kind-definition';

/**
 * Renders schemas/README.md from the schemas (docs), the examples (schemas/examples) and the message
 * catalog (senders, receivers, seed clauses). The script formats it with prettier and writes it, or
 * with --check fails when the committed README differs: README and examples cannot drift.
 */
type SchemaObject = { [key: string]: SchemaJson };

const isObject = (value: SchemaJson | undefined): value is SchemaObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const shortName = (name: string): string => name.slice(name.lastIndexOf('.') + 1);
const cell = (value: string): string => value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const str = (value: SchemaJson | undefined): string => (typeof value === 'string' ? value : '');

function isKnownKind(kind: string): kind is MessageKind {
  return Object.prototype.hasOwnProperty.call(MESSAGE_CATALOG, kind);
}

const LOGICAL_NAMES: Readonly<Record<string, string>> = {
  date: 'date',
  'timestamp-millis': 'timestamp (UTC)',
  uuid: 'uuid',
  decimal: 'decimal (DKK)',
};

function describeType(schema: SchemaJson | undefined): string {
  if (typeof schema === 'string') return shortName(schema);
  if (Array.isArray(schema)) {
    const others = schema.filter((branch) => branch !== 'null');
    const described = others.map(describeType).join(' or ');
    return others.length < schema.length ? `${described}, optional` : described;
  }
  if (!isObject(schema)) return '?';
  const logical = LOGICAL_NAMES[str(schema.logicalType)];
  if (logical) return logical;
  const maxLength = maxLengthOf(schema);
  if (maxLength !== undefined) return `string (at most ${maxLength} characters)`;
  const type = schema.type;
  if (type === 'record' || type === 'enum' || type === 'fixed') return shortName(str(schema.name));
  if (type === 'array') return `array of ${describeType(schema.items)}`;
  if (type === 'map') return `map of ${describeType(schema.values)}`;
  return describeType(type);
}

/** Named types defined inside `schema` (not the root), in order of appearance. */
function nestedDefinitions(schema: SchemaJson | undefined, into: SchemaObject[] = []): SchemaObject[] {
  if (Array.isArray(schema)) {
    schema.forEach((branch) => nestedDefinitions(branch, into));
    return into;
  }
  if (!isObject(schema)) return into;
  const type = schema.type;
  if (type === 'record' || type === 'enum' || type === 'fixed') into.push(schema);
  if (Array.isArray(schema.fields)) {
    for (const field of schema.fields) if (isObject(field)) nestedDefinitions(field.type, into);
  }
  if (type === 'array') nestedDefinitions(schema.items, into);
  if (type === 'map') nestedDefinitions(schema.values, into);
  if (isObject(type) || Array.isArray(type)) nestedDefinitions(type, into);
  return into;
}

function fieldTable(record: SchemaObject): string[] {
  const fields = Array.isArray(record.fields) ? record.fields.filter(isObject) : [];
  return [
    '| Field | Type | Description |',
    '| --- | --- | --- |',
    ...fields.map(
      (field) => `| \`${str(field.name)}\` | ${cell(describeType(field.type))} | ${cell(str(field.doc))} |`,
    ),
  ];
}

function definition(schema: SchemaObject, level: string): string[] {
  const name = shortName(str(schema.name));
  const lines = [`${level} ${name}`, '', str(schema.doc), ''];
  if (schema.type === 'enum' && Array.isArray(schema.symbols)) {
    lines.push(`Symbols: ${schema.symbols.map((symbol) => `\`${str(symbol)}\``).join(', ')}.`, '');
  } else if (schema.type === 'record') {
    lines.push(...fieldTable(schema), '');
  }
  return lines;
}

function clauseText(clause: SeedClause): string {
  return `seed ${clause.seed}, "${clause.section}": «${clause.quote}»`;
}

function senderOf(example: MessageExample | undefined): PartyRef | undefined {
  const json = example?.json;
  if (!json || typeof json !== 'object' || !('envelope' in json)) return undefined;
  const envelope = (json as { envelope?: { sender?: PartyRef } }).envelope;
  return envelope?.sender;
}

function topicOf(kind: MessageKind, example: MessageExample | undefined): string {
  const channel = channelOfKind(kind);
  if (channel) {
    const sender = senderOf(example);
    const pattern = `\`hub.inbound.${channel}.<party-slug>.v1\``;
    return sender ? `${pattern}, e.g. \`${inboundTopic(channel, sender)}\`` : pattern;
  }
  if (kind.startsWith('events.')) return `\`${TOPICS.events}\``;
  return MESSAGE_CATALOG[kind].receivers
    .map((receiver: PartyKind) => `\`${TOPICS.outbound(receiver)}\``)
    .join(', ');
}

const anchor = (heading: string): string =>
  `#${heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-')}`;

const INTRO = `# Message schemas

The contract between the hub and its partners: one Avro schema per message kind, the shared records
they are built from, one example of each, and the released versions the hub still reads.

> Generated by \`npm run contracts:generate\` from the \`.avsc\` files, \`schemas/examples/\` and
> each kind's file in \`libs/kinds/src/<channel>/\` (senders, receivers, seed clauses). Do not edit by
> hand: \`npm run contracts:check\`, which the unit tests run, fails when this file is out of date.

## Layout and conventions

- \`common/<Name>.avsc\`: shared named types (envelope, party, citizen, caseworker contact, provider,
  company, ...). \`<folder>/<Name>.avsc\`: one message kind each, namespace \`dk.hub.<folder>\`, kind
  \`<folder>.<Name>\`. The folder is the channel for partner messages (\`beskedmodul\`, \`vitas\`,
  \`jobag\`); \`routing\` and \`events\` are the hub's own.
- Every partner message starts with \`envelope\` and, when it is about a person, \`citizen\`. No name
  of a citizen appears anywhere (data minimisation); the CPR number travels only in \`citizen.cpr\`.
- Wire format: Avro single-object encoding (\`C3 01\`, the 8-byte little-endian CRC-64-AVRO
  fingerprint of the schema's Parsing Canonical Form, the binary body). Decoding rejects unknown
  fingerprints, truncated or trailing bytes and invalid values with a typed \`CodecError\`.
- JSON form (the examples below, the CLI): dates \`YYYY-MM-DD\`, timestamps ISO 8601 in UTC,
  decimal amounts in DKK as strings (\`"12500.00"\`), uuids lower case, plain bytes as base64;
  optional fields are written as \`null\`, never left out.
- Identifiers are checked beyond their Avro type (\`libs/contracts/src/identifiers\`): CPR
  \`DDMMYY-SSSS\` for format and date only (valid CPR numbers fail modulus 11), CVR 8 digits with
  modulus 11, P-number 10 digits, municipality codes from the 98 kommuner, a-kasse codes from the
  known funds, e-mail shape, Danish phone (8 digits, optional +45).
- Free text has a maximum length, declared on its string type in the schema:
  \`{ "type": "string", "hub.maxLength": 10000 }\` (the Type column below says "at most N
  characters"). A length counts characters (Unicode code points). The attribute is Avro metadata:
  it is not part of the Parsing Canonical Form, so it changes no fingerprint, and stock Avro tools
  read and write these schemas as before. The hub refuses a message with longer text, whichever way
  it comes (Kafka or HTTPS), with reason code \`TEXT_TOO_LONG\` naming each field, its length and
  its limit, never its text. The limits: 10,000 for notes, reasons, assessments, descriptions and
  other running text (a caseworker's note of a few thousand characters is normal); 2,000 for one
  item of a list (a job goal, a competence); 2,048 for a link; 512 for an address; 256 for a name,
  a title or a subject; 128 for a reference the sender's own system makes up (placement id, job
  order id, origin system, user id, document reference, occupation code). Identifiers with a format
  of their own (CPR, CVR, P-number, party codes, e-mail, phone, uuids) and enums are checked by that
  format instead.
- Inbound topics are per channel and sending partner: \`hub.inbound.<channel>.<party-slug>.v1\`,
  where the slug is \`<kind>-<id>\` in lower case (e.g. \`akasse-3f\`, \`jobcenter-707\`).

## Versions and compatibility

Released versions live in \`history/<kind>/<version>.avsc\`, self-contained (shared types inlined);
the codec reads messages written with any of them and resolves them to the current schema.

- \`npx ts-node --transpile-only scripts/check-schema-compat.ts\`: checks every kind against its
  history, backward (the current schema reads every released version) and forward (the latest
  released version reads the current schema). The unit tests run the same check; an incompatible
  change fails them with the field named. Adding an optional field with a default is compatible;
  removing a field without a default, changing a type or adding an enum symbol without a default is
  not: make a new kind (or a new topic version) instead.
  Raising a text limit is compatible; lowering one refuses messages partners may already send, so
  agree it with them first (Avro's resolution does not see limits: the check cannot catch it).
- \`npx ts-node --transpile-only scripts/release-schemas.ts [--dry-run]\`: snapshots every kind
  that changed since its latest release as the next version. Run it when a change ships.
`;

export function renderSchemaReadme(schemasDir: string): string {
  const source = loadSchemaSource(schemasDir);
  const examples = loadMessageExamples(schemasDir);
  const lines: string[] = [INTRO, '## Message kinds', ''];
  lines.push(
    '| Kind | Flow | Topic | Sender | Receivers | Serves |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const { kind } of source.kinds) {
    if (!isKnownKind(kind))
      throw new Error(
        `${kind} has no file in libs/kinds/src/<channel>/ (nor an entry in libs/kinds/src/hub-kinds.ts)`,
      );
    const info = MESSAGE_CATALOG[kind];
    const serves = [...new Set(info.clauses.map((clause) => `seed ${clause.seed}, ${clause.section}`))].join(
      '; ',
    );
    lines.push(
      `| [${kind}](${anchor(kind)}) | ${info.flow} | ${cell(topicOf(kind, examples.get(kind)))} | ${info.senders.join(', ')} | ${info.receivers.join(', ')} | ${cell(serves)} |`,
    );
  }
  lines.push('', '## Shared records', '');
  const commonDir = join(schemasDir, 'common');
  for (const file of readdirSync(commonDir)
    .filter((name) => name.endsWith('.avsc'))
    .sort()) {
    const schema = JSON.parse(readFileSync(join(commonDir, file), 'utf8')) as SchemaJson;
    for (const named of nestedDefinitions(schema)) lines.push(...definition(named, '###'));
  }
  for (const { kind, file } of source.kinds) {
    if (!isKnownKind(kind)) continue;
    const info = MESSAGE_CATALOG[kind];
    const raw = JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as SchemaJson;
    if (!isObject(raw)) continue;
    const example = examples.get(kind);
    lines.push(`## ${kind}`, '', str(raw.doc), '');
    lines.push(
      '| | |',
      '| --- | --- |',
      `| Schema | [${file}](${file}) |`,
      `| Topic | ${cell(topicOf(kind, example))} |`,
      `| Sender | ${info.senders.join(', ')} |`,
      `| Receivers | ${info.receivers.join(', ')} |`,
      `| Flow | ${info.flow} |`,
      ...info.clauses.map((clause) => `| Serves | ${cell(clauseText(clause))} |`),
      '',
    );
    lines.push(...fieldTable(raw), '');
    for (const named of nestedDefinitions(raw).slice(1)) lines.push(...definition(named, '####'));
    if (example) {
      lines.push(
        `Example ([${example.file}](${example.file})):`,
        '',
        '```json',
        example.text.trimEnd(),
        '```',
        '',
      );
    } else {
      lines.push(`No example yet: add \`schemas/examples/${kind}.json\`.`, '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
