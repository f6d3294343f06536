import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { APP_CONFIG } from '@hub/config';
import { declareTopics, HUB_CODEC, HUB_VERSION, HubCodec } from '@hub/contracts';
import {
  BatchConsumerOptions,
  ConsumerStatus,
  discoverChunkHandlers,
  ensureTopics,
  KAFKA_CLIENT,
  KafkaBatchServer,
} from '@hub/kafka';
import type { Kafka } from '@hub/kafka';
import { bootstrapService, BootstrapOptions } from '@hub/observability';

/** What a service's own start-up steps are handed. */
export interface ServiceContext<Config> {
  app: INestApplication;
  config: Config;
  kafka: Kafka;
  codec: HubCodec;
}

/**
 * A service's consumer loop, as BatchConsumerOptions without what the runner fills in: the Kafka
 * client, the consumer status, the handlers (every `@HandlesChunk` method of the app) and the
 * transactional id prefix, which is the consumer group (the ACLs allow `<group>.*`).
 */
export type ConsumerDefinition = Omit<
  BatchConsumerOptions,
  'kafka' | 'status' | 'handlers' | 'transactionalIdPrefix'
>;

/** An OpenAPI document at `/api/docs` (JSON at `/api/docs/openapi.json`) for an API behind a key header. */
export interface OpenApiDefinition {
  title: string;
  description: string;
  apiKey: { header: string; scheme: string };
}

export interface HubServiceDefinition<Config> {
  /** As in HubServiceModule.forService: start-up refusals and metrics carry it. */
  name: string;
  /** The app's module (it imports HubServiceModule.forService). */
  module: Type<unknown> | DynamicModule;
  httpPort: (config: Config) => number;
  /** How Nest makes the HTTP server (raw bodies, no body parser, HTTPS). */
  http?: BootstrapOptions;
  /**
   * Makes sure of the topics the service uses before anything starts. Default: the hub's own
   * (events, dead letters, outbound); `false` for a service that must start without a broker.
   */
  topics?: false | ((context: ServiceContext<Config>) => Promise<unknown>);
  /** The app's own start-up steps, after the topics and before any route or the consumer. */
  prepare?: (context: ServiceContext<Config>) => Promise<void> | void;
  openApi?: OpenApiDefinition;
  /** The service's consumer loop, for one that consumes. */
  consumer?: (context: ServiceContext<Config>) => ConsumerDefinition;
}

/**
 * Starts a hub service, the same way for every one: the app with its validated settings (a bad one
 * refuses the start with one plain message naming each variable, exit code 1), structured logger,
 * metrics and shutdown hooks (SIGTERM or SIGINT close the app, the consumer loop finishing and
 * committing the cycle in hand); its topics; its own steps; its OpenAPI document; its consumer loop
 * (KafkaBatchServer); and HTTP on 127.0.0.1 only. Health and readiness come with HubServiceModule.
 */
export function runHubService<Config>(
  definition: HubServiceDefinition<Config>,
): Promise<INestApplication | undefined> {
  return bootstrapService(
    definition.name,
    definition.module,
    async (app) => {
      const context: ServiceContext<Config> = {
        app,
        config: app.get<Config>(APP_CONFIG),
        kafka: app.get<Kafka>(KAFKA_CLIENT),
        codec: app.get<HubCodec>(HUB_CODEC),
      };
      if (definition.topics !== false) await (definition.topics ?? ensureHubTopics)(context);
      await definition.prepare?.(context);
      if (definition.openApi) serveOpenApi(app, definition.openApi);
      if (definition.consumer) {
        const consumer = definition.consumer(context);
        app.connectMicroservice(
          {
            strategy: new KafkaBatchServer({
              ...consumer,
              kafka: context.kafka,
              transactionalIdPrefix: consumer.groupId,
              status: app.get(ConsumerStatus),
              handlers: discoverChunkHandlers(app),
            }),
          },
          { inheritAppConfig: true },
        );
        await app.startAllMicroservices();
      }
      await app.listen(definition.httpPort(context.config), '127.0.0.1');
    },
    definition.http,
  );
}

/** The hub's own topics (events, dead letters, outbound), created if missing (idempotent). */
function ensureHubTopics({ kafka }: ServiceContext<unknown>): Promise<string[]> {
  return ensureTopics(kafka, declareTopics([]));
}

function serveOpenApi(app: INestApplication, definition: OpenApiDefinition): void {
  const document = new DocumentBuilder()
    .setTitle(definition.title)
    .setDescription(definition.description)
    .setVersion(HUB_VERSION)
    .addApiKey({ type: 'apiKey', in: 'header', name: definition.apiKey.header }, definition.apiKey.scheme)
    .build();
  SwaggerModule.setup('api/docs', app, SwaggerModule.createDocument(app, document), {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });
}
