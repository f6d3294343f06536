import { z } from 'zod';

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
 * Validates `env` against a schema whose keys are the environment variable names, and returns the
 * typed result. Every problem is reported at once, each naming its variable.
 */
export function loadConfig<Shape extends z.ZodRawShape>(
  service: string,
  shape: Shape,
  env: Record<string, string | undefined>,
): z.infer<z.ZodObject<Shape>> {
  const result = z.object(shape).safeParse(env);
  if (result.success) return result.data;
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
};

/**
 * The process environment, for a setting needed before the app module exists (which app module to
 * build, e.g. the receiver kind of apps/partner-delivery). Validate what is read with loadConfig.
 */
export function processEnvironment(): Record<string, string | undefined> {
  return process.env;
}
