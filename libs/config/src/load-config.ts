import { readFileSync } from 'node:fs';

import { z } from 'zod';

import { parsePartnerApiKeys } from './partner-api-keys';

/** Raised when a service's environment is missing or malformed; names every bad variable. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: readonly string[],
  ) {
    super(`${service} cannot start: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Problems between settings that are each valid on their own (a certificate without its key), each
 * written `VARIABLE: what is wrong`; empty when the settings go together.
 */
export type CrossCheck<Config> = (config: Config) => string[];

/**
 * Validates `env` against a schema whose keys are the environment variable names, and returns the
 * typed result. Every problem is reported at once, each naming its variable.
 */
export function loadConfig<Shape extends z.ZodRawShape>(
  service: string,
  shape: Shape,
  env: Record<string, string | undefined>,
  crossCheck?: CrossCheck<z.infer<z.ZodObject<Shape>>>,
): z.infer<z.ZodObject<Shape>> {
  const result = z.object(shape).safeParse(env);
  if (result.success) {
    const problems = crossCheck?.(result.data) ?? [];
    if (problems.length > 0) throw new ConfigError(service, problems);
    return result.data;
  }
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.');
    const value = env[variable];
    const shown =
      value === undefined ? 'it is not set' : `got ${JSON.stringify(redactSecret(variable, value))}`;
    return `${variable}: ${issue.message} (${shown})`;
  });
  throw new ConfigError(service, problems);
}

function redactSecret(variable: string, value: string): string {
  if (/KEY|SECRET|PASSWORD/.test(variable)) return '***';
  return value.replace(/(\/\/[^:/]+:)[^@]+@/, '$1***@');
}

/** Reusable variable types with messages a person who runs the hub understands. */
export const env = {
  port: (fallback?: number) => {
    const schema = z.coerce
      .number({ invalid_type_error: 'must be a port number' })
      .int('must be a whole port number')
      .min(1, 'must be a port number from 1 to 65535')
      .max(65535, 'must be a port number from 1 to 65535');
    return fallback === undefined ? schema : schema.default(fallback);
  },
  brokers: () =>
    z
      .string({ required_error: 'is required: comma-separated Kafka brokers, e.g. 127.0.0.1:19092' })
      .min(1, 'is required')
      .transform((value) => value.split(',').map((broker) => broker.trim()))
      .refine((brokers) => brokers.every((broker) => /^[^\s:]+:\d{1,5}$/.test(broker)), {
        message: 'must be comma-separated host:port pairs, e.g. 127.0.0.1:19092',
      }),
  postgresUrl: () =>
    z
      .string({
        required_error: 'is required: a postgres:// URL, e.g. postgres://hub:hub@127.0.0.1:15432/hub',
      })
      .regex(/^postgres(ql)?:\/\/[^/]+\/[^/?]+/, 'must be a postgres:// URL with a database name'),
  smtpUrl: () =>
    z
      .string({ required_error: 'is required: an smtp:// URL, e.g. smtp://127.0.0.1:1025' })
      .regex(/^smtps?:\/\/[^/]+:\d+\/?$/, 'must be an smtp:// URL with host and port'),
  secret: (what: string) =>
    z.string({ required_error: `is required: ${what}` }).min(32, `must be at least 32 characters (${what})`),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  url: () => z.string().url('must be a URL, e.g. http://127.0.0.1:4010/inbox'),
  positiveInt: (fallback: number) =>
    z.coerce.number().int().positive('must be a positive whole number').default(fallback),
  /**
   * The CA certificate(s) (PEM) the Kafka broker's certificate is checked against; when set, the
   * client talks TLS. Unset: plaintext, for a broker without security (infra/README.md).
   */
  kafkaCaFile: () =>
    unsetWhenEmpty(
      z.string().transform((path, context) => {
        const pem = readText(path, context);
        if (pem !== undefined && !pem.includes('-----BEGIN CERTIFICATE-----')) {
          context.addIssue({ code: 'custom', message: `${path} holds no PEM certificate` });
        }
        return pem ?? '';
      }),
    ),
  /**
   * SCRAM-SHA-512 passwords by principal, one `principal=password` a line: each service takes its
   * own line. When set, the client authenticates (and HUB_KAFKA_CA_FILE must be set too: never
   * over plaintext).
   */
  /** Partners' API keys, `akasse:3F=<key>,jobcenter:707=<key>` (see partner-api-keys.ts); empty: none. */
  partnerApiKeys: () =>
    z
      .string()
      .default('')
      .transform((value, context) => {
        const parsed = parsePartnerApiKeys(value);
        for (const problem of parsed.problems)
          context.addIssue({ code: z.ZodIssueCode.custom, message: problem });
        return parsed.keys;
      }),
  kafkaCredentialsFile: () =>
    unsetWhenEmpty(
      z.string().transform((path, context) => {
        const passwords = new Map<string, string>();
        const text = readText(path, context) ?? '';
        for (const line of text.split('\n')) {
          const match = /^\s*([A-Za-z0-9._-]+)=(\S+)\s*$/.exec(line);
          if (match) passwords.set(match[1], match[2]);
          else if (line.trim() !== '' && !line.trim().startsWith('#')) {
            // The line itself may hold a password: say where, not what.
            context.addIssue({
              code: 'custom',
              message: `${path} has a line that is not principal=password`,
            });
            break;
          }
        }
        return passwords;
      }),
    ),
};

/**
 * The service's settings straight from its environment, for the one thing needed before the Nest app
 * (and so HubConfigModule) exists: the ingress's TLS server, which Nest builds first. Same schema, same
 * errors; everything else reads APP_CONFIG.
 */
export function loadConfigBeforeApp<Shape extends z.ZodRawShape>(
  service: string,
  shape: Shape,
  crossCheck?: CrossCheck<z.infer<z.ZodObject<Shape>>>,
): z.infer<z.ZodObject<Shape>> {
  return loadConfig(service, shape, process.env, crossCheck);
}

/**
 * An optional setting that `infra/bin/stack env` prints empty on a plaintext profile
 * (`HUB_KAFKA_CA_FILE=`): empty means unset.
 */
function unsetWhenEmpty<Output>(schema: z.ZodType<Output, z.ZodTypeDef, string>) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

function readText(path: string, context: z.RefinementCtx): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    context.addIssue({ code: 'custom', message: `cannot read ${path}: ${(error as Error).message}` });
    return undefined;
  }
}

/**
 * The Kafka settings every service shares: where the brokers are, how to prove who it is, and how its
 * producers compress what they send (`gzip`, the default, or `none`; see libs/kafka/src/compression.ts).
 */
export const KAFKA_CONFIG = {
  HUB_KAFKA_BROKERS: env.brokers(),
  HUB_KAFKA_CA_FILE: env.kafkaCaFile(),
  HUB_KAFKA_CREDENTIALS_FILE: env.kafkaCredentialsFile(),
  HUB_KAFKA_COMPRESSION: z.enum(['gzip', 'none'], { message: 'must be gzip or none' }).default('gzip'),
  /**
   * A schema registry's Confluent-compatible API (docs/wire-formats.md): the schema-registry ids
   * are looked up there at start-up instead of taken from schemas/registry-ids.json. Empty: unset.
   */
  HUB_SCHEMA_REGISTRY_URL: z
    .string()
    .transform((value) => value.trim() || undefined)
    .pipe(z.string().url('must be an http(s) URL, e.g. http://127.0.0.1:23081/apis/ccompat/v7').optional())
    .optional(),
};

export interface KafkaConfig {
  HUB_KAFKA_BROKERS: string[];
  HUB_KAFKA_CA_FILE?: string;
  HUB_KAFKA_CREDENTIALS_FILE?: Map<string, string>;
  HUB_KAFKA_COMPRESSION?: 'gzip' | 'none';
  HUB_SCHEMA_REGISTRY_URL?: string;
}

/** TLS (with the CA's certificates) and SCRAM-SHA-512 as one principal, for createKafkaClient. */
export interface KafkaSecurity {
  ca: string;
  sasl?: { username: string; password: string };
}

/**
 * How `principal` connects, from the validated settings: undefined for a plaintext broker. A
 * credentials file without the principal's line, or without a CA, is a configuration error.
 */
export function kafkaSecurityOf(
  service: string,
  config: KafkaConfig,
  principal: string,
): KafkaSecurity | undefined {
  const passwords = config.HUB_KAFKA_CREDENTIALS_FILE;
  if (passwords !== undefined && config.HUB_KAFKA_CA_FILE === undefined) {
    throw new ConfigError(service, [
      'HUB_KAFKA_CREDENTIALS_FILE: is set but HUB_KAFKA_CA_FILE is not: SCRAM passwords go over TLS only',
    ]);
  }
  if (config.HUB_KAFKA_CA_FILE === undefined) return undefined;
  if (passwords === undefined) return { ca: config.HUB_KAFKA_CA_FILE };
  const password = passwords.get(principal);
  if (password === undefined) {
    throw new ConfigError(service, [
      `HUB_KAFKA_CREDENTIALS_FILE: has no password for principal ${principal}`,
    ]);
  }
  return { ca: config.HUB_KAFKA_CA_FILE, sasl: { username: principal, password } };
}

/**
 * The process environment, for a setting needed before the app module exists (which app module to
 * build, e.g. the receiver kind of apps/partner-delivery). Validate what is read with loadConfig.
 */
export function processEnvironment(): Record<string, string | undefined> {
  return process.env;
}
