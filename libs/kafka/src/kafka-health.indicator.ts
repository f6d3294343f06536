import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { Kafka } from 'kafkajs';

import { ConsumerStatus } from './consumer-status';
import { KAFKA_CLIENT } from './kafka.constants';

/**
 * Readiness for Kafka: the broker answers a metadata request, and the consumer loop (if the
 * service has one) is running, not stalled on a failure or crashed.
 */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly status: ConsumerStatus,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async isReady(
    key = 'kafka',
    options: { expectConsumer: boolean } = { expectConsumer: true },
  ): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    const admin = this.kafka.admin();
    try {
      await withTimeout(
        (async () => {
          await admin.connect();
          await admin.describeCluster();
        })(),
        3_000,
      );
    } catch (error) {
      return indicator.down({ broker: 'unreachable', error: (error as Error).message });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (options.expectConsumer && !this.status.healthy) {
      return indicator.down({ consumer: this.status.state, detail: this.status.detail });
    }
    return indicator.up({ consumer: options.expectConsumer ? this.status.state : 'none' });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
