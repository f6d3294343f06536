import {
  EncodableRecord,
  KafkajsEncoder,
  loadEncoder,
  loadHeaderEncoder,
  loadRecordEncoder,
} from './kafkajs-internals';

/**
 * patches/kafkajs+2.2.4+003+encode-record-in-place.patch changes how kafkajs builds a record's
 * bytes, never which bytes: every record must come out byte for byte as kafkajs 2.2.4's own
 * encoder wrote it (rebuilt here from its unpatched parts, the Encoder and the header encoder).
 * On the real broker, every integration and end-to-end suite produces through the patched
 * encoder (read-committed.int-spec.ts reads records with headers back).
 */
const Encoder = loadEncoder();
const encodeHeader = loadHeaderEncoder();
const encodeRecord = loadRecordEncoder();

/** kafkajs 2.2.4's record encoder as it was: one Encoder per header, copied into the record's. */
function originalEncoding({
  offsetDelta = 0,
  timestampDelta = 0,
  key,
  value,
  headers = {},
}: EncodableRecord): Buffer {
  const headersArray = Object.entries(headers).flatMap(([headerKey, headerValue]) =>
    Array.isArray(headerValue)
      ? headerValue.map((one) => ({ key: headerKey, value: one }))
      : [{ key: headerKey, value: headerValue }],
  );
  let headersSize = Encoder.sizeOfVarInt(headersArray.length);
  for (const header of headersArray) {
    const keySize = Buffer.byteLength(header.key);
    const valueSize = Buffer.byteLength(header.value);
    headersSize += Encoder.sizeOfVarInt(keySize) + keySize + Encoder.sizeOfVarInt(valueSize) + valueSize;
  }
  const sizeOfBody =
    1 +
    Encoder.sizeOfVarLong(timestampDelta) +
    Encoder.sizeOfVarInt(offsetDelta) +
    Encoder.sizeOfVarIntBytes(key) +
    Encoder.sizeOfVarIntBytes(value) +
    headersSize;
  const headerEncoders: KafkajsEncoder[] = headersArray.map(encodeHeader);
  return new Encoder()
    .writeVarInt(sizeOfBody)
    .writeInt8(0)
    .writeVarLong(timestampDelta)
    .writeVarInt(offsetDelta)
    .writeVarIntBytes(key)
    .writeVarIntBytes(value)
    .writeVarIntArray(headerEncoders).buffer;
}

const records: [string, EncodableRecord][] = [
  ['no key, no headers', { key: null, value: Buffer.from('value') }],
  [
    'a routed message as the router writes it',
    {
      offsetDelta: 17,
      timestampDelta: 1_234,
      key: 'c0ffee00c0ffee00c0ffee00c0ffee00',
      value: Buffer.alloc(600, 0xab),
      headers: {
        'hub-correlation-id': '7f3e2b9a-1c4d-4e5f-8a6b-0c1d2e3f4a5b',
        'hub-message-id': '0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f',
        'hub-kind': 'routing.RoutedMessage',
      },
    },
  ],
  [
    'Buffer and array header values, non-ASCII text',
    {
      key: Buffer.from([0, 1, 2]),
      value: 'værdi æøå',
      headers: { raw: Buffer.from([0xff, 0x00, 0x10]), many: ['én', Buffer.from('to')], tom: '' },
    },
  ],
  [
    'a record larger than the encoder grows to',
    {
      offsetDelta: 300_000,
      timestampDelta: 2 ** 40,
      key: 'k',
      value: Buffer.alloc(70_000, 7),
      headers: Object.fromEntries(
        Array.from({ length: 40 }, (_, index) => [`h${index}`, 'x'.repeat(index * 10)]),
      ),
    },
  ],
];

describe('kafkajs record encoding (patch 003)', () => {
  it.each(records)('writes %s byte for byte as kafkajs 2.2.4 did', (_name, record) => {
    expect(encodeRecord(record).buffer.equals(originalEncoding(record))).toBe(true);
  });

  it('allocates one buffer for a small record, not 512 bytes for it and each header', () => {
    const encoded = encodeRecord({ key: 'k', value: 'v', headers: { a: 'b', c: 'd' } });
    expect(encoded.buf.length).toBeLessThanOrEqual(2 * encoded.buffer.length);
  });
});
