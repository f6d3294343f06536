/*
 * The Kafka client types code outside libs/kafka may use. Everything else imports them from
 * '@hub/kafka', never from the client package itself, so that the client (kafkajs today) can be
 * swapped or wrapped here without touching every app (eslint.config.mjs enforces it).
 */
export type { Admin, Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';

/** Record-batch compression codecs, for code (and tests) that produce compressed batches. */
export { CompressionTypes, ConfigResourceTypes } from 'kafkajs';
