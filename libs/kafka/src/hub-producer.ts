import { Inject, Injectable } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';

import { producerCodecOf } from './compression';
import { KAFKA_CLIENT } from './kafka.constants';
import { assertWithinRecordLimit, producedBytes } from './record-limits';
import type { OutgoingRecord } from './records';
import { groupByTopic, MAX_REQUEST_BYTES } from './transactional-committer';

interface WaitingSend {
  records: OutgoingRecord[];
  bytes: number;
  resolve(): void;
  reject(error: unknown): void;
}

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
  /** Sends waiting for the request in flight to end. */
  private readonly waiting: WaitingSend[] = [];
  private sending = false;
  /** The loop sending what waits, while it runs: disconnect() lets it finish first. */
  private sent: Promise<void> = Promise.resolve();
  private closed = false;

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
   * Sends the records; resolves once the broker has them (acks=all). Requests go out one at a time:
   * what callers send meanwhile waits and goes out together in the next request (up to
   * MAX_REQUEST_BYTES, a caller's records never split), so concurrent callers cost no throughput.
   *
   * One at a time because of what a failed request leaves behind: the broker may have appended it
   * (its answer lost with a dying connection), and kafkajs hands its sequence numbers to the next
   * request, which the broker then refuses for good as out of order or, of the same size, takes for a
   * copy and drops while answering success. So after a failure the producer is dropped before anything
   * else is sent, and the next request starts a new one (a new producer id, its sequence afresh);
   * concurrent requests could have taken the numbers in between. What failed may be stored twice if
   * its caller sends it again, which the hub's consumers absorb (idempotent on deterministic ids).
   */
  async send(records: OutgoingRecord[]): Promise<void> {
    if (this.closed) {
      throw new Error('HubProducer is disconnected (the service is stopping): the records were not sent');
    }
    if (records.length === 0) return;
    assertWithinRecordLimit(records);
    return new Promise((resolve, reject) => {
      this.waiting.push({
        records,
        bytes: records.reduce((sum, r) => sum + producedBytes(r), 0),
        resolve,
        reject,
      });
      // sendWaiting sets `sending` before it first waits, so a loop is started exactly once.
      if (!this.sending) this.sent = this.sendWaiting();
    });
  }

  /** Sends what waits, a request at a time, until nothing does; started by send() when none runs. */
  private async sendWaiting(): Promise<void> {
    this.sending = true;
    try {
      while (this.waiting.length > 0) {
        const request = this.takeRequest();
        try {
          await this.sendBatch(
            await this.connected(),
            request.flatMap((sent) => sent.records),
          );
          for (const sent of request) sent.resolve();
        } catch (error) {
          const failed = this.producer;
          this.producer = undefined;
          await failed?.disconnect().catch(() => undefined);
          for (const sent of request) sent.reject(error);
        }
      }
    } finally {
      this.sending = false;
    }
  }

  /** The callers the next request carries: the first, and those after it that fit in MAX_REQUEST_BYTES. */
  private takeRequest(): WaitingSend[] {
    const request = [this.waiting.shift() as WaitingSend];
    let bytes = request[0].bytes;
    while (this.waiting.length > 0 && bytes + this.waiting[0].bytes <= MAX_REQUEST_BYTES) {
      const next = this.waiting.shift() as WaitingSend;
      bytes += next.bytes;
      request.push(next);
    }
    return request;
  }

  private async sendBatch(producer: Producer, records: OutgoingRecord[]): Promise<void> {
    await producer.sendBatch({
      acks: -1,
      compression: producerCodecOf(this.kafka),
      topicMessages: groupByTopic(records),
    });
  }

  /**
   * Sends what callers have handed over (or fails it, as any send can fail), then disconnects; a send
   * after this is refused. Cutting the connection under a request in flight failed it, and the loop
   * then connected a new producer for what waited, one nothing would ever disconnect.
   */
  async disconnect(): Promise<void> {
    this.closed = true;
    await this.sent;
    await this.producer?.disconnect();
    this.producer = undefined;
  }
}
