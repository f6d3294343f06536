import * as avro from 'avsc';

import { assertItemsTakeBytes, hardenAvscReaders, minEncodedSize } from './hardening';
import { parseSchema } from './message-codec';

hardenAvscReaders();

const withList = parseSchema({
  type: 'record',
  name: 'dk.hub.test.WithList',
  fields: [
    { name: 'id', type: 'int' },
    { name: 'items', type: { type: 'array', items: 'string' } },
    { name: 'counts', type: { type: 'map', values: 'int' } },
  ],
});
const idOnly = parseSchema({
  type: 'record',
  name: 'dk.hub.test.WithList',
  fields: [{ name: 'id', type: 'int' }],
});

/** id = 1, then the given bytes where the array starts. */
const body = (...bytes: number[]): Buffer => Buffer.from([0x02, ...bytes]);

function timed(action: () => unknown): { result: unknown; ms: number } {
  const started = Date.now();
  let result: unknown;
  try {
    result = action();
  } catch (error) {
    result = error;
  }
  return { result, ms: Date.now() - started };
}

describe(hardenAvscReaders.name, () => {
  it('stops at once when an array claims more items than there are bytes left (2^40 items)', () => {
    // zig-zag varint of 2^40: the count a corrupted message might carry.
    const { result, ms } = timed(() => withList.decode(body(0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x00), 0));
    expect(result).toEqual({ value: undefined, offset: -1 });
    expect(ms).toBeLessThan(100);
  });

  it('stops at once when a skipped array claims a huge count or a negative block size', () => {
    const resolver = idOnly.createResolver(withList);
    for (const bytes of [
      body(0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x00), // 2^40 items to skip
      body(0x01, 0x05), // one block of -1 items whose byte size is -3: would walk backwards for ever
    ]) {
      const { result, ms } = timed(() => idOnly.decode(bytes, 0, resolver));
      expect(result).toEqual({ value: undefined, offset: -1 });
      expect(ms).toBeLessThan(100);
    }
  });

  it('still reads and skips well-formed arrays and maps, including the block-size form', () => {
    const value = { id: 1, items: ['a', 'bc'], counts: { x: 3 } };
    const bytes = withList.toBuffer(value);
    expect(withList.fromBuffer(bytes)).toEqual(value);
    expect(idOnly.fromBuffer(bytes, idOnly.createResolver(withList))).toEqual({ id: 1 });
    // One block of -2 items, 5 bytes long ("a", "bc"), then the end; an empty map.
    const sized = body(0x03, 0x0a, 0x02, 0x61, 0x04, 0x62, 0x63, 0x00, 0x00);
    expect(withList.decode(sized, 0).value).toEqual({ id: 1, items: ['a', 'bc'], counts: {} });
    expect(idOnly.decode(sized, 0, idOnly.createResolver(withList)).value).toEqual({ id: 1 });
  });
});

describe(assertItemsTakeBytes.name, () => {
  it('refuses a schema with an array whose items take no bytes, which the count guard would misread', () => {
    const arrayOfNull = avro.Type.forSchema({
      type: 'record',
      name: 'dk.hub.test.Nulls',
      fields: [{ name: 'nothing', type: { type: 'array', items: 'null' } }],
    });
    expect(() => assertItemsTakeBytes(arrayOfNull, 'test.Nulls')).toThrow(
      'test.Nulls.nothing: array items must take at least one byte',
    );
    expect(() => assertItemsTakeBytes(withList, 'test.WithList')).not.toThrow();
  });

  it('counts the fewest bytes a value can take', () => {
    expect(minEncodedSize(avro.Type.forSchema(['null', 'string']))).toBe(1);
    expect(minEncodedSize(avro.Type.forSchema('double'))).toBe(8);
    expect(minEncodedSize(withList)).toBe(3);
  });
});
