/**
 * CRC-64-AVRO ("Rabin") fingerprint, as defined by the Avro specification's
 * "Schema Fingerprints" section. avsc only offers MD5/SHA fingerprints, and the single-object
 * encoding requires this one, so it is written here (the spec's reference algorithm, in BigInt).
 */
const EMPTY = 0xc15d213aa4d7a795n;
const MASK_64 = 0xffffffffffffffffn;

const TABLE: readonly bigint[] = (() => {
  const table: bigint[] = [];
  for (let i = 0; i < 256; i += 1) {
    let fp = BigInt(i);
    for (let j = 0; j < 8; j += 1) {
      fp = (fp >> 1n) ^ (EMPTY & -(fp & 1n));
    }
    table.push(fp & MASK_64);
  }
  return table;
})();

/** The 64-bit fingerprint of `text` (normally a schema's Parsing Canonical Form), as an unsigned BigInt. */
export function crc64Avro(text: string): bigint {
  let fp = EMPTY;
  for (const byte of Buffer.from(text, 'utf8')) {
    fp = (fp >> 8n) ^ TABLE[Number((fp ^ BigInt(byte)) & 0xffn)];
  }
  return fp;
}

/** The fingerprint as the 8 little-endian bytes the single-object encoding carries. */
export function fingerprintBytes(fingerprint: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(fingerprint);
  return bytes;
}

/** Lower-case hex of the 8 little-endian bytes, the form used in logs, headers and history files. */
export function fingerprintHex(fingerprint: bigint): string {
  return fingerprintBytes(fingerprint).toString('hex');
}
