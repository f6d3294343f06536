import { DynamicModule, Global, Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { Kafka, Producer } from 'kafkajs';

import { ConsumerStatus } from './consumer-status';
import { createKafkaClient, KafkaClientOptions } from './kafka-client';
import { KafkaHealthIndicator } from './kafka-health.indicator';
import { KAFKA_CLIENT, KAFKA_MODULE_OPTIONS } from './kafka.constants';
import { HubProducer } from './hub-producer';

export interface KafkaModuleAsyncOptions<Config> {
  /** The token of the one thing the factory needs, normally APP_CONFIG. */
  inject: [symbol];
  useFactory: (config: Config) => KafkaClientOptions;
}

/** The Kafka client, the consumer status, a producer and the readiness check, for one service. */
@Global()
@Module({})
export class KafkaModule implements OnApplicationShutdown {
  constructor(@Inject(HubProducer) private readonly producer: HubProducer) {}

  static forRootAsync<Config>(options: KafkaModuleAsyncOptions<Config>): DynamicModule {
    return {
      module: KafkaModule,
      imports: [TerminusModule],
      providers: [
        { provide: KAFKA_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject },
        {
          provide: KAFKA_CLIENT,
          useFactory: (clientOptions: KafkaClientOptions): Kafka => createKafkaClient(clientOptions),
          inject: [KAFKA_MODULE_OPTIONS],
        },
        ConsumerStatus,
        HubProducer,
        KafkaHealthIndicator,
      ],
      exports: [KAFKA_CLIENT, ConsumerStatus, HubProducer, KafkaHealthIndicator],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}

export type { Producer };
