import { loadSchemaSource, SchemaJson, SchemaSource } from '../codec/schema-loader';
import { checkSchemaHistory, compareSchemas, formatProblem } from './schema-compat';

type Json = { [key: string]: SchemaJson };
type Field = Json & { name: string; type: SchemaJson };

const KIND = 'beskedmodul.Handover';
const released = loadSchemaSource(`${__dirname}/../../../../schemas`).kinds.find(
  (entry) => entry.kind === KIND,
)?.schema as Json;

/** A deep copy of the released Handover schema, changed by `change`. */
function changed(change: (schema: Json & { fields: Field[] }) => void): Json {
  const copy = structuredClone(released) as Json & { fields: Field[] };
  change(copy);
  return copy;
}

function field(record: Json, name: string): Field {
  const found = (record.fields as Field[]).find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no field ${name}`);
  return found;
}

function problemsOf(current: Json): string[] {
  return compareSchemas(released, current, 'version 1').map((problem) => formatProblem(KIND, problem));
}

describe(compareSchemas.name, () => {
  it('accepts an unchanged schema', () => {
    expect(problemsOf(changed(() => undefined))).toEqual([]);
  });

  it('accepts a new optional field with a default, both ways', () => {
    const current = changed((schema) => {
      schema.fields.push({
        name: 'note',
        type: ['null', 'string'],
        default: null,
        doc: 'A note (bemærkning).',
      });
    });
    expect(problemsOf(current)).toEqual([]);
  });

  it('accepts a changed doc, which is not part of reading', () => {
    expect(problemsOf(changed((schema) => (field(schema, 'handoverDate').doc = 'Something else.')))).toEqual(
      [],
    );
  });

  it('fails a removed field that old readers need, naming the field', () => {
    const current = changed((schema) => {
      schema.fields = schema.fields.filter((candidate) => candidate.name !== 'jobPlan');
    });
    expect(problemsOf(current)).toEqual([
      "beskedmodul.Handover: field 'jobPlan' was removed but version 1 has no default for it: readers still on version 1 cannot read new messages (forward)",
    ]);
  });

  it('fails a new field without a default, naming the field', () => {
    const current = changed((schema) => {
      schema.fields.push({ name: 'interviewCount', type: 'int', doc: 'Count (antal).' });
    });
    expect(problemsOf(current)).toEqual([
      "beskedmodul.Handover: field 'interviewCount' was added without a default: messages written with version 1 lack it, so the current schema cannot read them (backward)",
    ]);
  });

  it('fails a changed type inside a nested record, naming the path', () => {
    const current = changed((schema) => {
      field(field(schema, 'cv').type as Json, 'complete').type = 'string';
    });
    expect(problemsOf(current)).toEqual([
      "beskedmodul.Handover: field 'cv.complete' changed type from boolean to string: the current schema cannot read messages written with version 1 (backward)",
      "beskedmodul.Handover: field 'cv.complete' changed type from boolean to string: readers still on version 1 cannot read new messages (forward)",
    ]);
  });

  it('fails an optional field made required', () => {
    const current = changed((schema) => {
      const updatedOn = field(field(schema, 'jobPlan').type as Json, 'minPlanUpdatedOn');
      updatedOn.type = { type: 'int', logicalType: 'date' };
      delete updatedOn.default;
    });
    expect(problemsOf(current)).toEqual([
      "beskedmodul.Handover: field 'jobPlan.minPlanUpdatedOn' is no longer optional: messages written with version 1 may hold null there, which the current schema cannot read (backward)",
    ]);
  });

  it('fails a new enum symbol that old readers do not know, naming the field and the symbol', () => {
    const current = changed((schema) => {
      const interviews = field(schema, 'interviewsHeld').type as Json & { items: Json };
      const form = field(interviews.items, 'form').type as Json & { symbols: string[] };
      form.symbols = [...form.symbols, 'HOME_VISIT'];
    });
    expect(problemsOf(current)).toEqual([
      "beskedmodul.Handover: enum field 'interviewsHeld[].form' (dk.hub.common.InterviewForm) gained symbol(s) HOME_VISIT, which readers still on version 1 do not know (give the enum a default in a released version first) (forward)",
    ]);
  });

  it('fails a renamed record without an alias', () => {
    const current = changed((schema) => {
      (field(schema, 'cv').type as Json).name = 'dk.hub.beskedmodul.Cv';
    });
    expect(problemsOf(current)).toContain(
      "beskedmodul.Handover: record 'cv' was renamed from dk.hub.beskedmodul.CvSummary to dk.hub.beskedmodul.Cv without an alias: the current schema cannot read messages written with version 1 (backward)",
    );
  });
});

describe(checkSchemaHistory.name, () => {
  const v1 = released;
  const v2 = changed((schema) => {
    schema.fields.push({
      name: 'note',
      type: ['null', 'string'],
      default: null,
      doc: 'A note (bemærkning).',
    });
  });
  const source = (current: Json, history: Json[]): SchemaSource => ({
    kinds: [
      {
        kind: KIND,
        fullName: 'dk.hub.beskedmodul.Handover',
        file: 'beskedmodul/Handover.avsc',
        schema: current,
      },
    ],
    history: history.map((schema, index) => ({
      kind: KIND,
      version: String(index + 1),
      file: `history/${KIND}/${index + 1}.avsc`,
      schema,
    })),
  });

  it('passes a kind compatible with every released version', () => {
    expect(checkSchemaHistory(source(v2, [v1, v2]))).toEqual([
      { kind: KIND, latestVersion: '2', problems: [] },
    ]);
  });

  it('checks backward against older versions too, since the codec must still read them', () => {
    // Version 3 drops the default of the field version 2 added: fine for version 2 writers, not for version 1.
    const v3 = changed((schema) => {
      schema.fields.push({ name: 'note', type: ['null', 'string'], doc: 'A note (bemærkning).' });
    });
    const [result] = checkSchemaHistory(source(v3, [v1, v2]));
    expect(result.problems.map((problem) => formatProblem(KIND, problem))).toEqual([
      "beskedmodul.Handover: field 'note' was added without a default: messages written with version 1 lack it, so the current schema cannot read them (backward)",
    ]);
  });

  it('reports a kind that was removed although released versions exist', () => {
    const removed: SchemaSource = { kinds: [], history: source(v1, [v1]).history };
    expect(checkSchemaHistory(removed)[0].problems[0].message).toContain('the message kind was removed');
  });

  it('reports a kind never released without problems', () => {
    expect(checkSchemaHistory(source(v1, []))).toEqual([
      { kind: KIND, latestVersion: undefined, problems: [] },
    ]);
  });
});
