import { Inject, Injectable } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';

import { producerCodecOf } from './compression';
import { KAFKA_CLIENT } from './kafka.constants';
import { assertWithinRecordLimit } from './record-limits';
import type { OutgoingRecord } from './records';

/**
 * An idempotent producer for records that are not the result of consuming one (the notifier's
 * outbox, the monitor's deadline events, the ingress, the simulator). acks=all so a record is on the
 * broker's log before send() returns; compressed as the client is set (compression.ts). A record over
 * MAX_PRODUCED_RECORD_BYTES is refused (OUTPUT_TOO_LARGE) before anything is sent.
 */
@Injectable()
export class HubProducer {
  private producer: Producer | undefined;
  private connecting: Promise<Producer> | undefined;

  constructor(@Inject(KAFKA_CLIENT) private readonly kafka: Kafka) {}

  private async connected(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
      });
      await producer.connect();
      this.producer = producer;
      return producer;
    })();
    try {
      return await this.connecting;
    } finally {
      this.connecting = undefined;
    }
  }

  /**
   * Sends the records, acknowledged by the broker when it resolves. When it fails, the producer is
   * dropped and the next send starts a new one (a new producer id): the broker may have appended
   * what failed (its answer lost with a dying connection), and kafkajs would give the next send the
   * same sequence numbers, which the broker refuses for good as out of order, or, for a send of the
   * same size, takes for a copy and drops while answering success. A new producer id starts its
   * sequence afresh: what follows is stored, and what failed may be stored twice if the caller sends
   * it again, which the hub's consumers absorb (they are idempotent on its deterministic ids).
   */
  async send(records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    assertWithinRecordLimit(records);
    const producer = await this.connected();
    try {
      await this.sendBatch(producer, records);
    } catch (error) {
      if (this.producer === producer) this.producer = undefined;
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private async sendBatch(producer: Producer, records: OutgoingRecord[]): Promise<void> {
    const byTopic = new Map<string, OutgoingRecord[]>();
    for (const record of records) byTopic.set(record.topic, [...(byTopic.get(record.topic) ?? []), record]);
    await producer.sendBatch({
      acks: -1,
      compression: producerCodecOf(this.kafka),
      topicMessages: [...byTopic.entries()].map(([topic, list]) => ({
        topic,
        messages: list.map(({ key, value, headers, timestamp }) => ({
          key,
          value,
          headers,
          ...(timestamp === undefined ? {} : { timestamp: String(timestamp) }),
        })),
      })),
    });
  }

  async disconnect(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = undefined;
  }
}
