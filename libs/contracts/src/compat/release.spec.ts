import { loadSchemaSource, SchemaJson, SchemaSource } from '../codec/schema-loader';
import { historyFileText, planRelease, readingForm } from './release';

type Json = { [key: string]: SchemaJson };
type Field = Json & { name: string };

const KIND = 'jobag.JobOrderStatusChanged';
const current = loadSchemaSource(`${__dirname}/../../../../schemas`).kinds.find(
  (entry) => entry.kind === KIND,
)?.schema as Json;

function variant(change: (fields: Field[]) => void): Json {
  const copy = structuredClone(current) as Json & { fields: Field[] };
  change(copy.fields);
  return copy;
}

function source(schema: Json, released: Json[]): SchemaSource {
  return {
    kinds: [{ kind: KIND, fullName: `dk.hub.${KIND}`, file: 'jobag/JobOrderStatusChanged.avsc', schema }],
    history: released.map((version, index) => ({
      kind: KIND,
      version: String(index + 1),
      file: `history/${KIND}/${index + 1}.avsc`,
      schema: version,
    })),
  };
}

describe(planRelease.name, () => {
  it('releases a kind never released as version 1, self-contained', () => {
    const plan = planRelease(source(current, []));
    expect(plan).toEqual({
      releases: [{ kind: KIND, version: '1', file: `history/${KIND}/1.avsc`, schema: current }],
      blocked: [],
    });
    expect(JSON.parse(historyFileText(current))).toEqual(current);
  });

  it('releases nothing when only docs changed', () => {
    const docOnly = variant((fields) => (fields[0].doc = 'Another wording (kuvert).'));
    expect(readingForm(docOnly)).toBe(readingForm(current));
    expect(planRelease(source(docOnly, [current])).releases).toEqual([]);
  });

  it('releases nothing when only text limits changed: they decide what the hub accepts, not how it reads', () => {
    const released = variant((fields) => {
      const note = fields.find((field) => field.name === 'note') as Field;
      note.type = ['null', 'string'];
    });
    const limited = variant((fields) => {
      const note = fields.find((field) => field.name === 'note') as Field;
      note.type = ['null', { type: 'string', 'hub.maxLength': 42 }];
    });
    expect(readingForm(limited)).toBe(readingForm(released));
    expect(planRelease(source(limited, [released])).releases).toEqual([]);
  });

  it('counts a new enum default as a change, since it decides how old readers read new symbols', () => {
    const withDefault = variant((fields) => {
      const status = fields.find((field) => field.name === 'status') as Field & { type: Json };
      status.type = { ...status.type, default: 'IN_PROGRESS' };
    });
    expect(readingForm(withDefault)).not.toBe(readingForm(current));
  });

  it('releases a compatible change as the next version', () => {
    const v2 = variant((fields) =>
      fields.push({ name: 'reasonCode', type: ['null', 'string'], default: null }),
    );
    expect(planRelease(source(v2, [current])).releases.map((release) => release.file)).toEqual([
      `history/${KIND}/2.avsc`,
    ]);
  });

  it('refuses to release an incompatible change and says which field breaks it', () => {
    const broken = variant((fields) =>
      fields.splice(
        fields.findIndex((field) => field.name === 'changedOn'),
        1,
      ),
    );
    const plan = planRelease(source(broken, [current]));
    expect(plan.releases).toEqual([]);
    expect(plan.blocked.map((entry) => entry.problems.map((problem) => problem.path))).toEqual([
      ['changedOn'],
    ]);
  });
});
