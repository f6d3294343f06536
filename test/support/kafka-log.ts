import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';

import { PROFILE, REPO_ROOT } from './local-stack';

/**
 * How the broker stored a record: the compression codec of the record batch that holds it, read
 * from the partition's log segment on disk (the stack's single broker, `log.dirs` under
 * .stack/<profile>/kafka/data). This is what the broker keeps and serves, whatever client wrote it.
 * Record batch v2 (Kafka's "Record Batch" format): baseOffset int64, batchLength int32,
 * partitionLeaderEpoch int32, magic int8, crc uint32, attributes int16 (bits 0-2: the codec),
 * lastOffsetDelta int32, ...
 */
export type BatchCodec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
const CODECS: BatchCodec[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

const LOG_OVERHEAD = 12; // baseOffset and batchLength, not counted in batchLength
const MAGIC_AT = 16;
const ATTRIBUTES_AT = 21;
const LAST_OFFSET_DELTA_AT = 23;

export function partitionLogDir(topic: string, partition: number): string {
  return join(REPO_ROOT, '.stack', PROFILE, 'kafka', 'data', `${topic}-${partition}`);
}

/** The codec of the batch holding `offset`, or undefined when no segment on disk holds it (yet). */
export function batchCodecAt(topic: string, partition: number, offset: bigint): BatchCodec | undefined {
  const dir = partitionLogDir(topic, partition);
  // Segments are named by their first offset; the one holding `offset` is the last not after it.
  const segments = readdirSync(dir)
    .filter((name) => name.endsWith('.log'))
    .map((name) => ({ name, base: BigInt(name.slice(0, -'.log'.length)) }))
    .filter(({ base }) => base <= offset)
    .sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
  const segment = segments.at(-1);
  if (!segment) return undefined;
  // Only each batch's header is read: a segment can be large.
  const file = openSync(join(dir, segment.name), 'r');
  try {
    const size = fstatSync(file).size;
    const header = Buffer.alloc(LAST_OFFSET_DELTA_AT + 4);
    for (let position = 0; position + header.length <= size; ) {
      readSync(file, header, 0, header.length, position);
      const baseOffset = header.readBigInt64BE(0);
      const batchLength = header.readInt32BE(8);
      const end = position + LOG_OVERHEAD + batchLength;
      if (batchLength <= 0 || end > size) return undefined; // the rest is not written yet
      if (header.readInt8(MAGIC_AT) !== 2) throw new Error(`${dir}: a batch that is not v2`);
      const last = baseOffset + BigInt(header.readInt32BE(LAST_OFFSET_DELTA_AT));
      if (offset >= baseOffset && offset <= last) return CODECS[header.readInt16BE(ATTRIBUTES_AT) & 0x07];
      position = end;
    }
    return undefined;
  } finally {
    closeSync(file);
  }
}
