import { createHash } from 'node:crypto';

import { HEADERS, inboundTopic, PartyRef, RejectionReceipt, TOPICS } from '@hub/contracts';
import { CompressionTypes, type Kafka, type Producer } from '@hub/kafka';

import { batchCodecAt } from '../support/kafka-log';
import { collect, header, SeenRecord, testKafka } from '../support/kafka-topics';
import { assertStackUp, hubServices } from '../support/local-stack';
import { codec, encodeRecommendation, F1_TOPIC, recommendation, testCpr } from '../support/messages';

const HK: PartyRef = { kind: 'akasse', id: 'HK' };
const HK_TOPIC = inboundTopic('beskedmodul', HK);
/** Inbound topics have 3 partitions (declareTopics); the large record goes to the first. */
const INBOUND_PARTITIONS = [0, 1, 2];
const LARGE_PARTITION = 0;

interface Sent {
  topic: string;
  partition: number;
  messageId: string;
  value: Buffer;
}

/**
 * Issue 13, input limits, on the real broker: a record far over the router's limit (1 MB raw, and 1 MB
 * and 5 MB inside a gzip-compressed batch, which the broker takes whole) is dead-lettered with
 * TOO_LARGE, its first bytes, its length and its SHA-256, while what is published beside it (the rest
 * of its own partition, the topic's other partitions, another partner's topic) is routed; and what the
 * hub produces is compressed, as the broker's log stores it. The text limits of the schemas are refused
 * at the router as at the ingress (http-ingress.e2e-spec.ts) with TEXT_TOO_LONG.
 */
describe('input limits', () => {
  let kafka: Kafka;
  let producer: Producer;
  let citizen = 900;

  /** A valid recommendation to Norddjurs (707) on one partition of 3F's or HK's topic. */
  const valid = (topic: string, partition: number): Sent => {
    const sender = topic === HK_TOPIC ? HK : { kind: 'akasse' as const, id: '3F' };
    const message = recommendation({ cpr: testCpr((citizen += 1)) });
    const value = encodeRecommendation({ ...message, envelope: { ...message.envelope, sender } });
    return { topic, partition, messageId: message.envelope.messageId, value };
  };

  const routedCopies = (ids: readonly string[]): Promise<SeenRecord[]> =>
    collect(
      kafka,
      TOPICS.outbound('jobcenter'),
      (m) => ids.includes(header(m, HEADERS.messageId) ?? ''),
      (seen) => new Set(seen.map((r) => r.headers[HEADERS.messageId])).size >= ids.length,
      { timeoutMs: 90_000 },
    );

  const expectStoredCompressed = (topic: string, records: readonly SeenRecord[]): void => {
    for (const { partition, offset } of records) {
      expect([topic, partition, offset, batchCodecAt(topic, partition, BigInt(offset))]).toEqual([
        topic,
        partition,
        offset,
        'gzip',
      ]);
    }
  };

  beforeAll(async () => {
    assertStackUp();
    hubServices.up(['router']);
    kafka = testKafka();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    hubServices.down(['router']);
  }, 60_000);

  it.each([
    ['a 1 MB record', 1_000_000, CompressionTypes.None],
    ['a 1 MB record inside a gzip-compressed batch', 1_000_000, CompressionTypes.GZIP],
    ['a 5 MB record inside a gzip-compressed batch', 5_000_000, CompressionTypes.GZIP],
  ])(
    'dead-letters %s with TOO_LARGE, its first bytes, length and SHA-256, while every other partition and topic keeps flowing',
    async (_name, bytes, compression) => {
      const large = Buffer.alloc(bytes, `too-large-${bytes}-${compression}-${Date.now()}-`);
      const sha256 = createHash('sha256').update(large).digest('hex');
      // Behind it on its own partition, and at the same time on every other inbound partition of 3F
      // and of HK: all of it must be routed while the large one is refused.
      const behind = valid(F1_TOPIC, LARGE_PARTITION);
      const beside = [
        ...INBOUND_PARTITIONS.filter((partition) => partition !== LARGE_PARTITION).map((partition) =>
          valid(F1_TOPIC, partition),
        ),
        ...INBOUND_PARTITIONS.map((partition) => valid(HK_TOPIC, partition)),
      ];
      await Promise.all([
        producer.send({
          topic: F1_TOPIC,
          acks: -1,
          compression,
          messages: [
            { partition: LARGE_PARTITION, key: 'large', value: large },
            { partition: LARGE_PARTITION, key: 'behind', value: behind.value },
          ],
        }),
        producer.sendBatch({
          acks: -1,
          topicMessages: [F1_TOPIC, HK_TOPIC].map((topic) => ({
            topic,
            messages: beside
              .filter((sent) => sent.topic === topic)
              .map(({ partition, messageId, value }) => ({ partition, key: messageId, value })),
          })),
        }),
      ]);

      const ids = [behind, ...beside].map((sent) => sent.messageId);
      const routed = await routedCopies(ids);
      expect(routed.map((r) => r.headers[HEADERS.messageId]).sort()).toEqual([...ids].sort());

      const [letter] = await collect(
        kafka,
        TOPICS.deadLetters,
        (m) => header(m, HEADERS.originalSha256) === sha256,
        (seen) => seen.length >= 1,
        { timeoutMs: 90_000 },
      );
      expect(letter.headers[HEADERS.reasonCode]).toBe('TOO_LARGE');
      expect(letter.headers[HEADERS.originalLength]).toBe(String(bytes));
      expect(letter.headers[HEADERS.sourceTopic]).toBe(F1_TOPIC);
      expect(letter.headers[HEADERS.sourcePartition]).toBe(String(LARGE_PARTITION));
      expect(letter.value.length).toBe(1024);
      expect(letter.value.equals(large.subarray(0, 1024))).toBe(true);

      // The hub's own records are gzip batches in the broker's log: the dead letter and the copies.
      expectStoredCompressed(TOPICS.deadLetters, [letter]);
      expectStoredCompressed(TOPICS.outbound('jobcenter'), routed);
    },
    180_000,
  );

  it('refuses free text longer than its schema allows with TEXT_TOO_LONG, and routes it at the limit', async () => {
    // courseTitle: at most 256 characters (schemas/beskedmodul/EarlyOfferRecommendation.avsc).
    const atLimit = recommendation({ cpr: testCpr(950), courseTitle: 'Truckcertifikat '.repeat(16) });
    const overLimit = recommendation({ cpr: testCpr(951), courseTitle: `${'Truckcertifikat '.repeat(16)}B` });
    await producer.send({
      topic: F1_TOPIC,
      acks: -1,
      messages: [atLimit, overLimit].map((message) => ({
        key: message.envelope.messageId,
        value: encodeRecommendation(message),
      })),
    });

    const routed = await routedCopies([atLimit.envelope.messageId]);
    expect(routed).toHaveLength(1);
    const [receipt] = await collect(
      kafka,
      TOPICS.outbound('akasse'),
      (m) =>
        header(m, HEADERS.kind) === 'routing.RejectionReceipt' &&
        (codec.decode(m.value ?? Buffer.alloc(0)).value as RejectionReceipt).messageId ===
          overLimit.envelope.messageId,
      (seen) => seen.length >= 1,
    );
    const { reasonCode, reasonText } = codec.decode(receipt.value).value as RejectionReceipt;
    expect(reasonCode).toBe('TEXT_TOO_LONG');
    expect(reasonText).toContain('courseTitle (257 characters, at most 256)');
    expect(reasonText).not.toContain('Truckcertifikat');
  });
});
