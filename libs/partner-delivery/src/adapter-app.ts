import { DynamicModule, Module } from '@nestjs/common';
import { PermanentError } from '@hub/common';
import { APP_CONFIG, env, KAFKA_CONFIG, loadConfig, processEnvironment } from '@hub/config';
import { CodecError, OUTBOUND_RECEIVER_KINDS, PartyKind, PRINCIPALS, TOPICS } from '@hub/contracts';
import { deadLetterRecord, errorReason } from '@hub/kafka';
import { HubServiceModule, runHubService } from '@hub/service';
import { DataSource } from 'typeorm';
import { z } from 'zod';

import { DELIVERY_DEFAULTS } from './delivery.constants';
import { DeliveryController } from './delivery.controller';
import { registerQueueGauges } from './delivery-metrics';
import {
  DELIVERY_QUEUE_GAUGES,
  DELIVERY_SETTINGS,
  PARTNER_CLIENT,
  PARTNER_DIRECTORY,
  PARTNER_LOCKS,
  QUEUE_CIPHER,
} from './delivery.tokens';
import { DeliverySettings, DeliveryWorker } from './delivery-worker.service';
import { PartnerClient } from './partner-client';
import { isLoopbackHost, loadPartnersFile, PartnerDirectory } from './partner-directory';
import { ParkingLimits } from './parking-policy';
import { PartnerLocks } from './partner-locks';
import { KEY_ID_PATTERN, parseQueueKeys, QueueCipher } from './queue-cipher';

export function configShape(prefix: string) {
  return {
    ...KAFKA_CONFIG,
    HUB_DATABASE_URL: env.postgresUrl(),
    // Shared by the four kinds' deliveries: they share the delivery_queue table.
    HUB_DELIVERY_QUEUE_KEYS: z
      .string({
        required_error:
          'is required: the keys pending documents are sealed with, <id>:<64 hex digits>[,<id>:<64 hex digits>...]',
      })
      .transform((value, context) => {
        try {
          return parseQueueKeys(value);
        } catch (error) {
          context.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
          return z.NEVER;
        }
      }),
    HUB_DELIVERY_QUEUE_KEY_ID: z
      .string({
        required_error: 'is required: the id (in HUB_DELIVERY_QUEUE_KEYS) of the key that seals new rows',
      })
      .regex(KEY_ID_PATTERN, 'must be a key id: 1-32 letters, digits, - or _'),
    [`${prefix}_HTTP_PORT`]: env.port(),
    [`${prefix}_ENDPOINT_TEMPLATE`]: z
      .string({
        required_error:
          'is required: the partner endpoint URL template, e.g. http://127.0.0.1:4010/partners/{kind}/{id}/inbox',
      })
      .url(
        'must be a URL template with {kind} and {id}, e.g. http://127.0.0.1:4010/partners/{kind}/{id}/inbox',
      ),
    [`${prefix}_HMAC_SECRET`]: env.secret(
      "the master secret each partner's signing secret is derived from (hub-signature)",
    ),
    [`${prefix}_ALLOW_HTTP_HOSTS`]: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((host) => host.trim())
          .filter((host) => host.length > 0),
      )
      .refine((hosts) => hosts.every(isLoopbackHost), {
        message:
          'may name loopback hosts only (127.0.0.1, localhost, [::1]), comma-separated: every other partner endpoint must be https',
      }),
    [`${prefix}_PARTNERS_FILE`]: z.string().min(1, 'must be a path to a YAML or JSON file').optional(),
    [`${prefix}_TIMEOUT_MS`]: env.positiveInt(DELIVERY_DEFAULTS.timeoutMs),
    [`${prefix}_POLL_MS`]: env.positiveInt(DELIVERY_DEFAULTS.pollMs),
    [`${prefix}_RETRY_INITIAL_MS`]: env.positiveInt(DELIVERY_DEFAULTS.retryInitialMs),
    [`${prefix}_RETRY_MAX_MS`]: env.positiveInt(DELIVERY_DEFAULTS.retryMaxMs),
    [`${prefix}_CIRCUIT_FAILURES`]: env.positiveInt(DELIVERY_DEFAULTS.circuitFailures),
    [`${prefix}_CIRCUIT_COOLDOWN_MS`]: env.positiveInt(DELIVERY_DEFAULTS.circuitCoolDownMs),
    [`${prefix}_CONCURRENCY`]: env.positiveInt(DELIVERY_DEFAULTS.concurrency),
    [`${prefix}_PARK_AFTER_ATTEMPTS`]: env.positiveInt(DELIVERY_DEFAULTS.parkAfterAttempts),
    [`${prefix}_PARK_AFTER_MS`]: env.positiveInt(DELIVERY_DEFAULTS.parkAfterMs),
    [`${prefix}_LOG_LEVEL`]: env.logLevel(),
  } as const;
}

type AdapterConfig = Record<
  string,
  string | number | string[] | Map<string, string> | Map<string, Buffer> | undefined
>;

/**
 * The adapter's validated settings, typed (the shape's keys are built from the prefix). The Kafka
 * ones HubServiceModule reads itself.
 */
export interface AdapterSettings {
  databaseUrl: string;
  /** Every key pending documents may be sealed with, by id, and the id of the one that seals. */
  queueKeys: Map<string, Buffer>;
  queueKeyId: string;
  httpPort: number;
  endpointTemplate: string;
  masterSecret: string;
  partnersFile: string | undefined;
  timeoutMs: number;
  /** The kind's parking limits; a partner's own in the partners file win. */
  parking: ParkingLimits;
  /** Loopback hosts the endpoints may reach over plain http (local profiles only); all else is https. */
  allowHttpHosts: string[];
  logLevel: string;
  delivery: DeliverySettings;
}

export function adapterSettings(
  config: AdapterConfig,
  prefix: string,
  receiverKind: PartyKind,
): AdapterSettings {
  const number = (name: string): number => config[`${prefix}_${name}`] as number;
  const retryInitialMs = number('RETRY_INITIAL_MS');
  return {
    databaseUrl: config.HUB_DATABASE_URL as string,
    queueKeys: config.HUB_DELIVERY_QUEUE_KEYS as unknown as Map<string, Buffer>,
    queueKeyId: config.HUB_DELIVERY_QUEUE_KEY_ID as string,
    httpPort: number('HTTP_PORT'),
    endpointTemplate: config[`${prefix}_ENDPOINT_TEMPLATE`] as string,
    masterSecret: config[`${prefix}_HMAC_SECRET`] as string,
    partnersFile: config[`${prefix}_PARTNERS_FILE`] as string | undefined,
    timeoutMs: number('TIMEOUT_MS'),
    parking: { afterAttempts: number('PARK_AFTER_ATTEMPTS'), afterMs: number('PARK_AFTER_MS') },
    allowHttpHosts: config[`${prefix}_ALLOW_HTTP_HOSTS`] as string[],
    logLevel: config[`${prefix}_LOG_LEVEL`] as string,
    delivery: {
      receiverKind,
      pollMs: number('POLL_MS'),
      retry: { initialMs: retryInitialMs, maxMs: Math.max(retryInitialMs, number('RETRY_MAX_MS')) },
      circuit: { failureThreshold: number('CIRCUIT_FAILURES'), coolDownMs: number('CIRCUIT_COOLDOWN_MS') },
      concurrency: number('CONCURRENCY'),
    },
  };
}

/**
 * One partner adapter per receiver kind (apps/partner-delivery, started once per kind): the same
 * delivery code, its own outbound topic, consumer group, settings prefix and port. The Kafka handler
 * queues each document in PostgreSQL (DeliveryController); the DeliveryWorker delivers them, partner
 * by partner.
 */
export function adapterModule(receiverKind: PartyKind, prefix: string): DynamicModule {
  const service = `${receiverKind}-adapter`;
  const shape = configShape(prefix);
  const settings = (config: AdapterConfig): AdapterSettings => adapterSettings(config, prefix, receiverKind);
  @Module({})
  class AdapterModule {}
  return {
    module: AdapterModule,
    imports: [
      HubServiceModule.forService({
        name: service,
        config: shape,
        logLevel: (config) => settings(config).logLevel,
        kafka: { principal: PRINCIPALS.adapter(receiverKind), readiness: 'consumer' },
        databaseUrl: (config) => settings(config).databaseUrl,
      }),
    ],
    controllers: [DeliveryController],
    providers: [
      { provide: PARTNER_CLIENT, useFactory: () => new PartnerClient() },
      {
        provide: QUEUE_CIPHER,
        inject: [APP_CONFIG],
        useFactory: (config: AdapterConfig) => {
          const { queueKeys, queueKeyId } = settings(config);
          return new QueueCipher(queueKeys, queueKeyId);
        },
      },
      {
        provide: PARTNER_DIRECTORY,
        inject: [APP_CONFIG],
        useFactory: (config: AdapterConfig) => {
          const { endpointTemplate, masterSecret, timeoutMs, parking, partnersFile, allowHttpHosts } =
            settings(config);
          return new PartnerDirectory(
            { endpointTemplate, masterSecret, timeoutMs, parking, allowHttpHosts },
            partnersFile ? loadPartnersFile(partnersFile, receiverKind) : {},
          );
        },
      },
      {
        provide: PARTNER_LOCKS,
        inject: [APP_CONFIG],
        useFactory: (config: AdapterConfig) => new PartnerLocks(settings(config).databaseUrl, service),
      },
      {
        provide: DELIVERY_SETTINGS,
        inject: [APP_CONFIG],
        useFactory: (config: AdapterConfig): DeliverySettings => settings(config).delivery,
      },
      DeliveryWorker,
      {
        // Queue depth and oldest age per partner on /metrics, read from the table at scrape time.
        provide: DELIVERY_QUEUE_GAUGES,
        inject: [DataSource],
        useFactory: (dataSource: DataSource): true => {
          registerQueueGauges(dataSource, receiverKind);
          return true;
        },
      },
    ],
  };
}

export async function runAdapter(receiverKind: PartyKind, prefix: string): Promise<void> {
  const service = `${receiverKind}-adapter`;
  await runHubService<AdapterConfig>({
    name: service,
    module: adapterModule(receiverKind, prefix),
    httpPort: (config) => adapterSettings(config, prefix, receiverKind).httpPort,
    consumer: ({ codec }) => ({
      groupId: `hub-${service}`,
      topics: [TOPICS.outbound(receiverKind)],
      requiredPatterns: ['routing.RoutedMessage', 'routing.RejectionReceipt'],
      // Routed payloads come in each receiver's framing, registry ids included (HUB_CODEC reads both).
      decode: (record) => {
        if (!record.value) throw new PermanentError('EMPTY_MESSAGE', 'the record has no value');
        const decoded = codec.decode(record.value);
        return { pattern: decoded.kind, data: decoded.value };
      },
      onPoison: (record, error) => [
        deadLetterRecord(record, {
          code: error instanceof PermanentError || error instanceof CodecError ? error.code : 'UNDELIVERABLE',
          text: errorReason(error),
        }),
      ],
    }),
  });
}

/** The variable (or `--kind <kind>` argument) that picks the receiver kind one process delivers to. */
export const KIND_VARIABLE = 'PARTNER_DELIVERY_KIND';

/**
 * The receiver kind a partner-delivery process serves: `--kind <kind>` (or `--kind=<kind>`) on the
 * command line, else PARTNER_DELIVERY_KIND; one of the kinds the router has an outbound topic for.
 * Throws a ConfigError naming the choices otherwise.
 */
export function partnerDeliveryKind(
  argv: readonly string[],
  environment: Record<string, string | undefined>,
): PartyKind {
  let given = environment[KIND_VARIABLE];
  argv.forEach((argument, index) => {
    if (argument === '--kind') given = argv[index + 1];
    else if (argument.startsWith('--kind=')) given = argument.slice('--kind='.length);
  });
  const kinds = OUTBOUND_RECEIVER_KINDS as readonly [PartyKind, ...PartyKind[]];
  const shape = {
    [KIND_VARIABLE]: z.enum(kinds, {
      errorMap: () => ({ message: `must be one of ${kinds.join(', ')} (or pass --kind <kind>)` }),
    }),
  };
  return loadConfig('partner-delivery', shape, { [KIND_VARIABLE]: given })[KIND_VARIABLE];
}

/**
 * The settings prefix of a kind's adapter, e.g. UNION_ADAPTER. The service name (union-adapter),
 * consumer group (hub-union-adapter) and prefix are those the per-kind adapter apps had, so an
 * existing deployment keeps its committed offsets and settings.
 */
export function adapterPrefix(kind: PartyKind): string {
  return `${kind.toUpperCase()}_ADAPTER`;
}

/** apps/partner-delivery: the adapter of the kind named by `--kind` or PARTNER_DELIVERY_KIND. */
export async function runPartnerDelivery(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  let kind: PartyKind;
  try {
    kind = partnerDeliveryKind(argv, processEnvironment());
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  await runAdapter(kind, adapterPrefix(kind));
}
