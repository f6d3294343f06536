import { CompressionTypes, type Kafka } from 'kafkajs';

/**
 * How the hub's producers compress what they send (HUB_KAFKA_COMPRESSION). gzip is the one codec
 * kafkajs ships (Snappy, LZ4 and ZSTD need codec packages): every consumer reads it without more,
 * and kafkajs compresses on libuv's thread pool, off the event loop that runs the handlers. The
 * broker keeps batches as the producer compressed them (topics have `compression.type=producer`), so
 * the log, the replicas and every consumer's fetch carry the compressed bytes.
 */
export type RecordCompression = 'gzip' | 'none';
export const RECORD_COMPRESSIONS: readonly RecordCompression[] = ['gzip', 'none'];
export const DEFAULT_RECORD_COMPRESSION: RecordCompression = 'gzip';

const CODECS: Record<RecordCompression, CompressionTypes> = {
  gzip: CompressionTypes.GZIP,
  none: CompressionTypes.None,
};

/** The compression of each client's producers, set once where the client is made. */
const compressionByClient = new WeakMap<Kafka, RecordCompression>();

export function setProducerCompression(kafka: Kafka, compression: RecordCompression): void {
  compressionByClient.set(kafka, compression);
}

/**
 * The codec for a produce request of the hub's producers made from `kafka` (HubProducer and the
 * transactional committer, which carries every consumer's output and dead letters): the client's
 * setting, gzip for a client made without one.
 */
export function producerCodecOf(kafka: Kafka): CompressionTypes {
  return CODECS[compressionByClient.get(kafka) ?? DEFAULT_RECORD_COMPRESSION];
}
