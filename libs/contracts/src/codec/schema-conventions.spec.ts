import { channelOfKind } from '../kind-channel';
import { defaultSchemasDir } from '../repo-paths';
import { loadSchemaSource, SchemaJson } from './schema-loader';

/** The rules every schema follows (issue 3 and schemas/README.md), checked on the loaded schemas. */
type Json = { [key: string]: SchemaJson };
type Field = Json & { name: string; type: SchemaJson; doc?: SchemaJson };

const isObject = (value: SchemaJson | undefined): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const { kinds } = loadSchemaSource(defaultSchemasDir());
const partnerKinds = kinds.filter(({ kind }) => channelOfKind(kind));

function fieldsOf(schema: SchemaJson): Field[] {
  return isObject(schema) && Array.isArray(schema.fields) ? (schema.fields as Field[]) : [];
}

/** Every record (with its path) reachable from a schema. */
function records(schema: SchemaJson | undefined, path: string, into: { path: string; record: Json }[] = []) {
  if (Array.isArray(schema)) schema.forEach((branch) => records(branch, path, into));
  if (!isObject(schema)) return into;
  if (schema.type === 'record') into.push({ path, record: schema });
  for (const field of fieldsOf(schema))
    records(field.type, path ? `${path}.${field.name}` : field.name, into);
  if (schema.type === 'array') records(schema.items, `${path}[]`, into);
  return into;
}

function typeName(type: SchemaJson): string {
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.map(typeName).join('|');
  if (!isObject(type)) return '?';
  const label = [type.name, type.logicalType, type.type].find((part) => typeof part === 'string');
  return typeof label === 'string' ? label : '?';
}

/**
 * Strings checked by a format of their own (libs/contracts/src/identifiers): CPR, CVR, P-number, e-mail,
 * phone and a party's id (PartyRef.id). Uuids are a logical type. Everything else a partner writes is
 * free text, or a reference its own system makes up, and has a limit.
 */
const FORMAT_CHECKED = new Set(['cpr', 'cvr', 'pNumber', 'email', 'phone', 'id']);

function holdsUnlimitedText(type: SchemaJson | undefined): boolean {
  if (type === 'string') return true;
  if (Array.isArray(type)) return type.some(holdsUnlimitedText);
  if (!isObject(type)) return false;
  if (type.type === 'array') return holdsUnlimitedText(type.items);
  if (type.type === 'map') return holdsUnlimitedText(type.values);
  return type.type === 'string' && type.logicalType === undefined && type['hub.maxLength'] === undefined;
}

describe('message schemas', () => {
  it.each(kinds.map(({ kind, schema }) => [kind, schema] as const))(
    '%s documents every field in English with the Danish term in parentheses',
    (_kind, schema) => {
      const undocumented = records(schema, '').flatMap(({ path, record }) =>
        fieldsOf(record)
          .filter((field) => typeof field.doc !== 'string' || !/\(.+\)/.test(field.doc))
          .map((field) => (path ? `${path}.${field.name}` : field.name)),
      );
      expect(undocumented).toEqual([]);
    },
  );

  it.each(partnerKinds.map(({ kind, schema }) => [kind, schema] as const))(
    '%s starts with the envelope, then the citizen when it is about a person',
    (_kind, schema) => {
      const fields = fieldsOf(schema);
      expect(typeName(fields[0].type)).toBe('dk.hub.common.Envelope');
      const citizen = fields.findIndex((field) => field.name === 'citizen');
      if (citizen >= 0) {
        expect(citizen).toBe(1);
        expect(typeName(fields[1].type)).toMatch(/^(null\|)?dk\.hub\.common\.CitizenRef$/);
      }
    },
  );

  it('never carries a citizen name: CitizenRef holds only the CPR number, the unemployment date and the target-group circumstances', () => {
    const citizen = kinds
      .flatMap(({ schema }) => records(schema, ''))
      .find(({ record }) => record.name === 'dk.hub.common.CitizenRef');
    expect(fieldsOf(citizen?.record ?? null).map((field) => field.name)).toEqual([
      'cpr',
      'unemploymentStartDate',
      'circumstances',
    ]);
    const suspicious = kinds.flatMap(({ kind, schema }) =>
      records(schema, '').flatMap(({ path, record }) =>
        fieldsOf(record)
          .filter((field) => /(citizen|borger|member|candidate).*name/i.test(field.name))
          .map((field) => `${kind}: ${path}.${field.name}`),
      ),
    );
    expect(suspicious).toEqual([]);
  });

  it('identifies every placement by its VITAS case id, company, granting jobcenter and consent', () => {
    for (const { kind, schema } of kinds.filter((entry) => entry.kind.startsWith('vitas.'))) {
      const fields = Object.fromEntries(fieldsOf(schema).map((field) => [field.name, typeName(field.type)]));
      expect([kind, fields]).toEqual([
        kind,
        expect.objectContaining({
          placementId: 'string',
          placementKind: 'dk.hub.common.PlacementKind',
          company: 'dk.hub.common.Company',
          jobcenter: 'dk.hub.common.PartyRef',
          consentOnRecord: 'boolean',
        }),
      ]);
    }
  });

  it('identifies every job order message by its job order id', () => {
    for (const { kind, schema } of kinds.filter((entry) => entry.kind.startsWith('jobag.'))) {
      expect([kind, fieldsOf(schema).some((field) => field.name === 'jobOrderId')]).toEqual([kind, true]);
    }
  });

  it.each(partnerKinds.map(({ kind, schema }) => [kind, schema] as const))(
    '%s gives every free-text string a maximum length (hub.maxLength); only identifiers with a format of their own have none',
    (_kind, schema) => {
      const unlimited = records(schema, '').flatMap(({ path, record }) =>
        fieldsOf(record)
          .filter((field) => !FORMAT_CHECKED.has(field.name) && holdsUnlimitedText(field.type))
          .map((field) => (path ? `${path}.${field.name}` : field.name)),
      );
      expect(unlimited).toEqual([]);
    },
  );

  it('keeps DKK amounts exact: every decimal has two decimals', () => {
    const decimals =
      JSON.stringify(kinds.map(({ schema }) => schema)).match(/"logicalType":"decimal"[^}]*/g) ?? [];
    expect(decimals.length).toBeGreaterThan(0);
    for (const decimal of decimals) expect(decimal).toContain('"scale":2');
  });
});
