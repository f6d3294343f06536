import { loadHubCodec } from '../hub-codec';
import { loadMessageExamples } from '../examples';
import type { EarlyOfferRecommendation, Handover, PlacementSubmitted } from '../generated/messages';
import type { SchemaJson } from './schema-loader';
import {
  characterCount,
  compileTextLimits,
  describeTextTooLong,
  fieldMaxLength,
  maxLengthOf,
  TextTooLong,
} from './text-limits';

const limited = (maxLength: number): SchemaJson => ({ type: 'string', 'hub.maxLength': maxLength });

/** A schema with a limited string in every place one can be: plain, optional, array item, map value, nested. */
const SCHEMA: SchemaJson = {
  type: 'record',
  name: 'dk.hub.test.Note',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'text', type: limited(5) },
    { name: 'remark', type: ['null', limited(3)], default: null },
    { name: 'items', type: { type: 'array', items: limited(2) } },
    { name: 'labels', type: { type: 'map', values: limited(2) } },
    {
      name: 'author',
      type: [
        'null',
        { type: 'record', name: 'dk.hub.test.Author', fields: [{ name: 'name', type: limited(4) }] },
      ],
      default: null,
    },
    { name: 'coAuthor', type: ['null', 'dk.hub.test.Author'], default: null },
  ],
};

const valid = {
  id: 'x'.repeat(1_000),
  text: 'abcde',
  remark: null,
  items: ['ab', 'c'],
  labels: { a: 'xy' },
  author: { name: 'Anna' },
  coAuthor: null,
};

describe(characterCount.name, () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['æøå', 3],
    ['😀', 1], // one code point, two UTF-16 units
    ['a😀b', 3],
    ['e\u0301', 2], // e and a combining accent: two code points
    ['\ud800', 1], // a lone surrogate is still one unit of text
    ['\ud800a', 2],
  ])('%j has %d characters', (text, count) => {
    expect(characterCount(text)).toBe(count);
  });
});

describe(compileTextLimits.name, () => {
  const check = compileTextLimits(SCHEMA, 'test.Note');

  it('accepts text at its limit in every place a limit can be, and leaves unlimited strings alone', () => {
    expect(check(valid)).toEqual([]);
  });

  it('refuses text one character over its limit, naming the path, the length and the limit', () => {
    const found = check({
      ...valid,
      text: 'abcdef',
      remark: 'abcd',
      items: ['ab', 'abc'],
      labels: { a: 'xy', b: 'xyz' },
      author: { name: 'Annie' },
      coAuthor: { name: 'Bente' },
    });
    expect(found).toEqual<TextTooLong[]>([
      { path: 'text', maxLength: 5, length: 6 },
      { path: 'remark', maxLength: 3, length: 4 },
      { path: 'items.1', maxLength: 2, length: 3 },
      { path: 'labels.b', maxLength: 2, length: 3 },
      { path: 'author.name', maxLength: 4, length: 5 },
      { path: 'coAuthor.name', maxLength: 4, length: 5 },
    ]);
  });

  it('counts characters, not UTF-16 units: five emoji fit a limit of 5, six do not', () => {
    expect(check({ ...valid, text: '😀😀😀😀😀' })).toEqual([]);
    expect(check({ ...valid, text: '😀😀😀😀😀😀' })).toEqual([{ path: 'text', maxLength: 5, length: 6 }]);
  });

  it('returns nothing to check for a schema without limits', () => {
    expect(compileTextLimits({ type: 'record', name: 'dk.hub.test.Plain', fields: [] })({})).toEqual([]);
  });

  it.each<[string, SchemaJson, RegExp]>([
    [
      'on a field instead of its type',
      { type: 'record', name: 'R', fields: [{ name: 'f', type: 'string', 'hub.maxLength': 3 }] },
      /f: declare hub.maxLength on the field's string type/,
    ],
    [
      'on a type that is not a string',
      { type: 'record', name: 'R', fields: [{ name: 'n', type: { type: 'int', 'hub.maxLength': 3 } }] },
      /n: hub.maxLength belongs on a string type, not on int/,
    ],
    [
      'not a positive whole number',
      { type: 'record', name: 'R', fields: [{ name: 'f', type: limited(0) }] },
      /f: hub.maxLength must be a positive whole number/,
    ],
    [
      'in a union whose branch a value is in would need guessing',
      {
        type: 'record',
        name: 'R',
        fields: [
          {
            name: 'either',
            type: [
              { type: 'record', name: 'A', fields: [{ name: 'a', type: limited(1) }] },
              { type: 'record', name: 'B', fields: [{ name: 'b', type: limited(1) }] },
            ],
          },
        ],
      },
      /either: a union may hold one limited string and one other limited branch/,
    ],
  ])('refuses a limit %s when the schemas load', (_case, schema, message) => {
    expect(() => compileTextLimits(schema, 'test.R')).toThrow(message);
  });
});

describe(maxLengthOf.name, () => {
  it('reads a limit from a string type and a field type, and nothing from plain strings', () => {
    expect(maxLengthOf(limited(7))).toBe(7);
    expect(maxLengthOf('string')).toBeUndefined();
    expect(fieldMaxLength(['null', limited(8)])).toBe(8);
    expect(fieldMaxLength({ type: 'array', items: limited(9) })).toBe(9);
    expect(fieldMaxLength(['null', 'string'])).toBeUndefined();
  });
});

describe(describeTextTooLong.name, () => {
  it('names at most five fields and counts the rest, with lengths and limits only', () => {
    const problems = Array.from({ length: 7 }, (_, index) => ({
      path: `items.${index}`,
      maxLength: 2,
      length: 3,
    }));
    expect(describeTextTooLong(problems)).toBe(
      'the text of items.0 (3 characters, at most 2), items.1 (3 characters, at most 2), items.2 (3 characters, at most 2), ' +
        'items.3 (3 characters, at most 2), items.4 (3 characters, at most 2) and 2 more is longer than the schema allows; ' +
        'send it shorter, or as a reference to a document',
    );
  });
});

describe('the text limits of the message schemas', () => {
  const codec = loadHubCodec();
  const examples = loadMessageExamples();
  const example = <T>(kind: string): T => {
    const found = examples.get(kind);
    if (!found) throw new Error(`no example of ${kind}`);
    return codec.fromJson(kind as 'beskedmodul.Handover', found.json) as T;
  };

  it('accepts every example message', () => {
    for (const [kind, { json }] of examples) {
      const value = codec.fromJson(kind as 'beskedmodul.Handover', json);
      expect([kind, codec.findTextTooLong(kind as 'beskedmodul.Handover', value)]).toEqual([kind, []]);
    }
  });

  it('holds a caseworker note of several thousand characters and refuses one past 10,000', () => {
    const recommendation = example<EarlyOfferRecommendation>('beskedmodul.EarlyOfferRecommendation');
    const kind = 'beskedmodul.EarlyOfferRecommendation';
    const note = (length: number) => ({ ...recommendation, citizenMotivation: 'æ'.repeat(length) });
    expect(codec.findTextTooLong(kind, note(10_000))).toEqual([]);
    expect(codec.findTextTooLong(kind, note(10_001))).toEqual([
      { path: 'citizenMotivation', maxLength: 10_000, length: 10_001 },
    ]);
  });

  it('limits shared records wherever they are used, and each item of a list', () => {
    const handover = example<Handover>('beskedmodul.Handover');
    const found = codec.findTextTooLong('beskedmodul.Handover', {
      ...handover,
      envelope: { ...handover.envelope, originSystem: 'S'.repeat(129) },
      jobPlan: { ...handover.jobPlan, jobGoals: ['Lagerarbejder', 'x'.repeat(2_001)] },
      caseworker: { ...handover.caseworker, name: 'N'.repeat(257) },
    });
    expect(found.map(({ path, maxLength }) => `${path} ${maxLength}`)).toEqual([
      'envelope.originSystem 128',
      'jobPlan.jobGoals.1 2000',
      'caseworker.name 256',
    ]);
  });

  it('limits optional text and text in optional records only when it is there', () => {
    const placement = example<PlacementSubmitted>('vitas.PlacementSubmitted');
    expect(
      codec.findTextTooLong('vitas.PlacementSubmitted', {
        ...placement,
        educationalPerspective: null,
        staffRepresentative: null,
      }),
    ).toEqual([]);
    const found = codec.findTextTooLong('vitas.PlacementSubmitted', {
      ...placement,
      company: { ...placement.company, address: 'a'.repeat(513) },
      staffRepresentative: placement.staffRepresentative && {
        ...placement.staffRepresentative,
        name: 'n'.repeat(257),
      },
    });
    expect(found.map(({ path }) => path)).toEqual(['company.address', 'staffRepresentative.name']);
  });
});
