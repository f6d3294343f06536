import { loadOffsetFetchRequest, loadTxnOffsetCommitRequest } from './kafkajs-internals';

/**
 * patches/kafkajs+2.2.4+005+kip-447-generation-in-offset-commits.patch adds TxnOffsetCommit v3 and
 * OffsetFetch v7 to kafkajs, its first flexible versions of either (compact strings and arrays,
 * tagged fields). The expected bytes below are written out by hand from Kafka's message
 * definitions (TxnOffsetCommitRequest.json, OffsetFetchRequest.json and their responses in
 * clients/src/main/resources/common/message/). The same requests against the real broker are in
 * kip447-fencing.int-spec.ts.
 */
const bytes = (...parts: (number | string)[]): Buffer =>
  Buffer.concat(
    parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from([part]))),
  );
const int16 = (value: number): Buffer => {
  const buffer = Buffer.alloc(2);
  buffer.writeInt16BE(value);
  return buffer;
};
const int32 = (value: number): Buffer => {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
};
const int64 = (value: bigint): Buffer => {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64BE(value);
  return buffer;
};

async function encoded(request: { encode(): Promise<{ buffer: Buffer }> }): Promise<Buffer> {
  return (await request.encode()).buffer;
}

describe('kafkajs TxnOffsetCommit v3 (KIP-447)', () => {
  const definition = loadTxnOffsetCommitRequest();
  const v3 = definition.protocol({ version: 3 });

  it('is offered, so kafkajs picks it against brokers that speak it', () => {
    expect(definition.versions).toContain('3');
    expect(v3).toBeDefined();
  });

  it('encodes the generation and member id in the flexible layout', async () => {
    const { request } = v3!({
      transactionalId: 'tx',
      groupId: 'g',
      producerId: '5',
      producerEpoch: 2,
      generationId: 7,
      memberId: 'm-1',
      groupInstanceId: null,
      topics: [{ topic: 't', partitions: [{ partition: 3, offset: '42' }] }],
    });
    expect(request).toMatchObject({ apiKey: 28, apiVersion: 3 });
    expect(await encoded(request)).toEqual(
      Buffer.concat([
        bytes(0), // request header v2: no tagged fields
        bytes(3, 'tx', 2, 'g'), // compact strings: length + 1
        int64(5n),
        int16(2),
        int32(7), // generation id
        bytes(4, 'm-1', 0), // member id; group instance id null
        bytes(2, 2, 't', 2), // one topic "t", one partition
        int32(3),
        int64(42n),
        int32(-1), // committed leader epoch: unknown
        bytes(0, 0, 0, 0), // metadata null; partition, topic and request tagged fields
      ]),
    );
  });

  it('sends generation -1 and no member when none is given (an unvalidated commit)', async () => {
    const { request } = v3!({
      transactionalId: 'tx',
      groupId: 'g',
      producerId: '5',
      producerEpoch: 2,
      topics: [],
    });
    const buffer = await encoded(request);
    // After header tags (1), "tx" (3), "g" (2), producer id (8) and epoch (2).
    expect(buffer.readInt32BE(16)).toBe(-1);
    expect([...buffer.subarray(20)]).toEqual([1, 0, 1, 0]); // member "", instance null, no topics, tags
  });

  it('decodes a refused commit and throws its error', async () => {
    const { response } = v3!({
      transactionalId: 'tx',
      groupId: 'g',
      producerId: '5',
      producerEpoch: 2,
      topics: [],
    });
    const raw = Buffer.concat([
      bytes(0), // response header tagged fields
      int32(0),
      bytes(2, 2, 't', 2),
      int32(3),
      int16(22), // ILLEGAL_GENERATION
      bytes(0, 0, 0),
    ]);
    const decoded = await response.decode(raw);
    expect(decoded.topics).toEqual([{ topic: 't', partitions: [{ partition: 3, errorCode: 22 }] }]);
    await expect(response.parse(decoded)).rejects.toMatchObject({ type: 'ILLEGAL_GENERATION' });
  });
});

describe('kafkajs OffsetFetch v7 (KIP-447)', () => {
  const definition = loadOffsetFetchRequest();
  const v7 = definition.protocol({ version: 7 });

  it('encodes require_stable in the flexible layout', async () => {
    expect(definition.versions).toContain('7');
    const { request } = v7!({
      groupId: 'g',
      topics: [{ topic: 't', partitions: [{ partition: 0 }, { partition: 2 }] }],
      requireStable: true,
    });
    expect(request).toMatchObject({ apiKey: 9, apiVersion: 7 });
    expect(await encoded(request)).toEqual(
      Buffer.concat([
        bytes(0, 2, 'g', 2, 2, 't', 3),
        int32(0),
        int32(2),
        bytes(0, 1, 0), // topic tags, require_stable true, request tags
      ]),
    );
  });

  it('defaults to require_stable false, as the earlier versions behaved', async () => {
    const { request } = v7!({ groupId: 'g', topics: [{ topic: 't', partitions: [] }] });
    expect([...(await encoded(request))]).toEqual([
      0,
      2,
      'g'.charCodeAt(0),
      2,
      2,
      't'.charCodeAt(0),
      1,
      0,
      0,
      0,
    ]);
  });

  it('asks for every topic the group has offsets for when given none, as the earlier versions did', async () => {
    // kafkajs's admin.fetchOffsets({ groupId }) sends an empty list; v1-v4 wrote it as null (all).
    const { request } = v7!({ groupId: 'g', topics: [] });
    expect([...(await encoded(request))]).toEqual([0, 2, 'g'.charCodeAt(0), 0, 0, 0]);
  });

  it('decodes to the shape of the earlier versions and throws UNSTABLE_OFFSET_COMMIT', async () => {
    const { response } = v7!({ groupId: 'g', topics: [] });
    const partition = (index: number, offset: bigint, errorCode: number): Buffer =>
      Buffer.concat([int32(index), int64(offset), int32(-1), bytes(1), int16(errorCode), bytes(0)]);
    const raw = Buffer.concat([
      bytes(0),
      int32(0),
      bytes(2, 2, 't', 3),
      partition(0, 17n, 0),
      partition(2, -1n, 88), // UNSTABLE_OFFSET_COMMIT: a transaction is about to move it
      bytes(0),
      int16(0),
      bytes(0),
    ]);
    const decoded = await response.decode(raw);
    expect(decoded.errorCode).toBe(0);
    expect(decoded.responses).toEqual([
      {
        topic: 't',
        partitions: [
          { partition: 0, offset: '17', leaderEpoch: -1, metadata: '', errorCode: 0 },
          { partition: 2, offset: '-1', leaderEpoch: -1, metadata: '', errorCode: 88 },
        ],
      },
    ]);
    await expect(response.parse(decoded)).rejects.toMatchObject({ type: 'UNSTABLE_OFFSET_COMMIT' });
  });
});
