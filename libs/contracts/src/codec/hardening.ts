import * as avro from 'avsc';

/**
 * avsc trusts the block counts it reads: garbage bytes that claim an array of a billion items make
 * it loop a billion times before it notices the buffer ran out (or allocate `new Array(1e9)`), which
 * would stall a partition. The same holds when it *skips* an array, which it does when the codec reads
 * an old writer's field that the current schema dropped, and a negative block size there makes it
 * walk backwards for ever.
 *
 * Every array and map item in the hub's schemas takes at least one byte (checked when the codec loads,
 * see assertItemsTakeBytes), so a count larger than the bytes left is impossible; these guards mark
 * such a read invalid at once (decode then reports it as truncated). Applied once, when the codec
 * module loads, before any resolver is created (resolvers copy `_read` when they are built).
 */
interface Tap {
  buf: Buffer;
  pos: number;
  readLong(): number;
  skipLong(): void;
  readString(): string;
  skipString(): void;
}
interface Readable {
  _read(tap: Tap): unknown;
  _skip(tap: Tap): void;
}

function invalidate(tap: Tap): 0 {
  tap.pos = tap.buf.length + 1; // avsc's own "invalid tap" state: decode then returns offset -1.
  return 0;
}

function remaining(tap: Tap): number {
  return tap.buf.length - tap.pos;
}

/** Reads a block count for reading items; the block's byte size, if present, is not needed. */
function readBlockCount(tap: Tap): number {
  let count = tap.readLong();
  if (count < 0) {
    count = -count;
    tap.skipLong();
  }
  if (!Number.isSafeInteger(count) || count > remaining(tap)) return invalidate(tap);
  return count;
}

/** Skips every block of an array or map, using the block sizes where the writer gave them. */
function skipBlocks(tap: Tap, skipItem: (tap: Tap) => void): void {
  for (;;) {
    let count = tap.readLong();
    if (count === 0) return;
    if (count < 0) {
      const size = tap.readLong();
      if (!Number.isSafeInteger(size) || size < 0 || size > remaining(tap)) {
        invalidate(tap);
        return;
      }
      tap.pos += size;
      continue;
    }
    if (!Number.isSafeInteger(count) || count > remaining(tap)) {
      invalidate(tap);
      return;
    }
    while (count--) skipItem(tap);
    if (remaining(tap) < 0) return;
  }
}

let applied = false;

export function hardenAvscReaders(): void {
  if (applied) return;
  applied = true;
  const arrayProto = avro.types.ArrayType.prototype as unknown as Readable & { itemsType: Readable };
  arrayProto._read = function readArray(this: { itemsType: Readable }, tap: Tap): unknown[] {
    const values: unknown[] = [];
    let count: number;
    while ((count = readBlockCount(tap))) {
      while (count--) values.push(this.itemsType._read(tap));
    }
    return values;
  };
  arrayProto._skip = function skipArray(this: { itemsType: Readable }, tap: Tap): void {
    skipBlocks(tap, (t) => this.itemsType._skip(t));
  };
  const mapProto = avro.types.MapType.prototype as unknown as Readable & { valuesType: Readable };
  mapProto._read = function readMap(this: { valuesType: Readable }, tap: Tap): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    let count: number;
    while ((count = readBlockCount(tap))) {
      while (count--) {
        const key = tap.readString();
        values[key] = this.valuesType._read(tap);
      }
    }
    return values;
  };
  mapProto._skip = function skipMap(this: { valuesType: Readable }, tap: Tap): void {
    skipBlocks(tap, (t) => {
      t.skipString();
      this.valuesType._skip(t);
    });
  };
}

/** The fewest bytes a value of `type` can take in Avro binary. */
export function minEncodedSize(type: avro.Type, seen: Set<avro.Type> = new Set()): number {
  if (type instanceof avro.types.LogicalType) return minEncodedSize(type.underlyingType, seen);
  if (type instanceof avro.types.RecordType) {
    if (seen.has(type)) return 0; // Recursive reference: counted where it is first entered.
    seen.add(type);
    const size = type.fields.reduce((sum, field) => sum + minEncodedSize(field.type, seen), 0);
    seen.delete(type);
    return size;
  }
  if (type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType) {
    return 1 + Math.min(...type.types.map((branch) => minEncodedSize(branch, seen)));
  }
  if (type instanceof avro.types.FixedType) return type.size;
  switch (type.typeName) {
    case 'null':
      return 0;
    case 'float':
      return 4;
    case 'double':
      return 8;
    default:
      return 1; // boolean, int, long, enum, string, bytes, array, map: at least one byte.
  }
}

/**
 * Throws when an array or map item of `type` can be encoded in zero bytes (e.g. an array of null):
 * the guards above would then reject valid messages with many such items, so such a schema is
 * refused when the codec loads rather than misread later.
 */
export function assertItemsTakeBytes(type: avro.Type, where: string, seen: Set<avro.Type> = new Set()): void {
  if (seen.has(type)) return;
  seen.add(type);
  if (type instanceof avro.types.LogicalType) return assertItemsTakeBytes(type.underlyingType, where, seen);
  if (type instanceof avro.types.RecordType) {
    for (const field of type.fields) assertItemsTakeBytes(field.type, `${where}.${field.name}`, seen);
    return;
  }
  if (type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType) {
    for (const branch of type.types) assertItemsTakeBytes(branch, where, seen);
    return;
  }
  if (type instanceof avro.types.ArrayType) {
    if (minEncodedSize(type.itemsType) < 1) {
      throw new Error(
        `${where}: array items must take at least one byte (the decoder's count guard relies on it)`,
      );
    }
    assertItemsTakeBytes(type.itemsType, `${where}[]`, seen);
    return;
  }
  if (type instanceof avro.types.MapType)
    assertItemsTakeBytes(type.valuesType as avro.Type, `${where}{}`, seen);
}
