import { loadMessageExamples } from '../examples';
import { loadHubCodec } from '../hub-codec';
import { findNulTextPaths } from './storable-text';

const codec = loadHubCodec();

describe(findNulTextPaths.name, () => {
  it('finds nothing in any example message', () => {
    for (const [kind, example] of loadMessageExamples()) {
      const value = codec.fromJson(kind as never, example.json);
      expect({ kind, paths: findNulTextPaths(value) }).toEqual({ kind, paths: [] });
    }
  });

  it('names the path of every string holding a NUL, through records and arrays, in a message that decodes', () => {
    const example = loadMessageExamples().get('beskedmodul.EarlyOfferRecommendation');
    if (!example) throw new Error('no example');
    const value = codec.fromJson('beskedmodul.EarlyOfferRecommendation', example.json) as unknown as {
      envelope: { originSystem: string; receivers: { kind: string; id: string }[] };
    };
    value.envelope.originSystem = 'Fagsystem\u0000';
    value.envelope.receivers[0].id = '70\u00007';
    // Valid Avro: the codec takes it, which is why the router has to look.
    const decoded = codec.decode(codec.encode('beskedmodul.EarlyOfferRecommendation', value as never)).value;
    expect(findNulTextPaths(decoded)).toEqual(['envelope.receivers.0.id', 'envelope.originSystem']);
  });

  it('names a map key holding a NUL with the NUL shown, and leaves bytes alone', () => {
    expect(
      findNulTextPaths({ notes: { 'a\u0000b': 'fine' }, payload: Buffer.from([0, 0, 0]) }, ['m']),
    ).toEqual(['m.notes.a\\0b']);
    expect(findNulTextPaths('\u0000')).toEqual(['(root)']);
  });
});
