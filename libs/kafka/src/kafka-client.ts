import { Logger } from '@nestjs/common';
import { hubMetrics, metricLabel } from '@hub/observability';
import { Kafka, logLevel, LogEntry } from 'kafkajs';

import { RecordCompression, setProducerCompression } from './compression';
import { assertKafkajsPatched } from './kafkajs-patch';

export type KafkaLogSink = (level: 'error' | 'warn', entry: Record<string, unknown>) => void;

export interface KafkaClientOptions {
  clientId: string;
  brokers: string[];
  /** Where kafkajs's warnings and errors go; default: the service's structured logger. */
  log?: KafkaLogSink;
  /** TLS with this CA and, with `sasl`, SCRAM-SHA-512 as that principal; unset: plaintext. */
  security?: KafkaClientSecurity;
  /** How the hub's producers made from this client compress (HUB_KAFKA_COMPRESSION); default gzip. */
  compression?: RecordCompression;
}

export interface KafkaClientSecurity {
  /** PEM certificate(s) of the CA the broker's certificate must chain to. */
  ca: string;
  sasl?: { username: string; password: string };
}

const kafkaLog = new Logger('kafkajs');
const toServiceLog: KafkaLogSink = (level, entry) =>
  level === 'error' ? kafkaLog.error(entry) : kafkaLog.warn(entry);

/**
 * Lines kafkajs logs that need no one's attention here:
 * - CONCURRENT_TRANSACTIONS: the broker is still finishing the producer's previous transaction;
 *   kafkajs retries it (it is retriable by definition) but logs it as an error.
 * - The v2 default-partitioner notice: every producer here uses the default (Java-compatible) one.
 * - "Limiting retries for the idempotent producer": a send that exhausts its retries fails to the
 *   caller; in a transaction it is aborted (nothing visible to read-committed consumers), elsewhere
 *   the caller retries and the consumers are idempotent on the hub's deterministic ids.
 */
const NOT_ACTIONABLE = [
  /another concurrent operation on the same transaction/,
  /switched default partitioner/,
  /Limiting retries for the idempotent producer/,
  // Retriable coordinator answers right after a broker starts; kafkajs retries them.
  /coordinator is loading/,
  /not the correct coordinator/,
];

/** What kafkajs logs when a group's committed offset is gone from the broker, before it resets it. */
const OFFSET_OUT_OF_RANGE = 'Offset out of range, resetting to default offset';

/**
 * kafkajs answers a committed offset the broker does not have (mostly: retention deleted the records,
 * a consumer group stopped longer than the topic keeps them; also a truncated log or a recreated
 * topic) by moving the group to its default position (the partition's first record for a consumer
 * from the beginning, as every hub service is) and going on, with one log line. Records deleted in
 * between were never read, and the hub cannot bring them back (their senders can send them again):
 * said here as what it is, and counted (hub_consumer_offset_resets_total) so that an alert can fire.
 */
function offsetNotOnBroker(extra: Record<string, unknown>): Record<string, unknown> {
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  hubMetrics().offsetResets.inc({
    group: metricLabel(text(extra.groupId)),
    topic: metricLabel(text(extra.topic)),
  });
  return {
    msg: "committed offset not on the broker: the group is moved to its default position (for the hub's services the partition's first record); records retention deleted before the group read them are lost unread (a log truncated or a topic recreated gives the same)",
    topic: extra.topic,
    partition: extra.partition,
    groupId: extra.groupId,
  };
}

function logCreator(sink: KafkaLogSink) {
  return () =>
    ({ level, log }: LogEntry): void => {
      const { message, ...extra } = log;
      if (message === OFFSET_OUT_OF_RANGE) {
        sink('error', offsetNotOnBroker(extra));
        return;
      }
      const text = `${message} ${String(extra.error ?? '')}`;
      if (NOT_ACTIONABLE.some((pattern) => pattern.test(text))) return;
      if (level <= logLevel.ERROR) sink('error', { msg: message, ...extra });
      else if (level === logLevel.WARN) sink('warn', { msg: message, ...extra });
    };
}

export function createKafkaClient(options: KafkaClientOptions): Kafka {
  assertKafkajsPatched();
  const { security } = options;
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...(security && {
      ssl: { ca: security.ca },
      ...(security.sasl && { sasl: { mechanism: 'scram-sha-512' as const, ...security.sasl } }),
      // A TLS handshake plus the SCRAM exchange (4096 PBKDF2 rounds on the broker) takes longer
      // than kafkajs's 1 s connect default on a busy machine; a timeout there only means a retry.
      connectionTimeout: 10_000,
      authenticationTimeout: 10_000,
    }),
    logLevel: logLevel.WARN,
    logCreator: logCreator(options.log ?? toServiceLog),
    retry: { initialRetryTime: 200, retries: 8 },
  });
  if (options.compression) setProducerCompression(kafka, options.compression);
  return kafka;
}
