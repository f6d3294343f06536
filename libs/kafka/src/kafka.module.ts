import {
  DynamicModule,
  Global,
  Inject,
  INestApplicationContext,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { Kafka, Producer } from 'kafkajs';

import { ChunkHandlerFn, chunkHandlersOf } from './chunk-handler';
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
      imports: [TerminusModule, DiscoveryModule],
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

/**
 * Every `@HandlesChunk` method of the app's controllers and providers, by pattern: what the consumer
 * loop calls. Handlers stay declared in their own classes; nothing lists them a second time.
 */
export function discoverChunkHandlers(app: INestApplicationContext): Map<string, ChunkHandlerFn> {
  const discovery = app.get(DiscoveryService, { strict: false });
  const hosts = [...discovery.getControllers(), ...discovery.getProviders()]
    .map((wrapper) => wrapper.instance as unknown)
    .filter((instance): instance is object => typeof instance === 'object' && instance !== null);
  return chunkHandlersOf(hosts);
}
