import { env, HUB_CLOCK_CONFIG, KAFKA_CONFIG } from '@hub/config';
import { DEFAULT_MAX_RECORDS_PER_TRANSACTION } from '@hub/kafka';
import type { z } from 'zod';
import { z as zod } from 'zod';

/** Every setting of the router; ROUTER_* are its own, HUB_* are shared by the hub's services. */
export const ROUTER_CONFIG = {
  ...KAFKA_CONFIG,
  /** Whose clock stamps the inbound records the router judges on; checked against the topics at start-up. */
  ...HUB_CLOCK_CONFIG,
  /**
   * How far a partner's claimed time (envelope.queuedAt) may be from the time the hub received the
   * message before the exchange gets the finding CLAIMED_TIME_DIVERGES: room for clocks that drift
   * and for a partner system's own queue, not for a day's delay.
   */
  ROUTER_CLAIMED_TIME_TOLERANCE_MINUTES: zod.coerce
    .number()
    .int('must be a whole number of minutes')
    .min(0, 'must be 0 or more minutes')
    .default(15),
  HUB_DATABASE_URL: env.postgresUrl(),
  HUB_PSEUDONYM_KEY: env.secret(
    'the secret key of the citizen pseudonym (HMAC), shared by router and monitor',
  ),
  HUB_AGREEMENTS_DIR: zod.string().min(1).optional(),
  ROUTER_HTTP_PORT: env.port(3001),
  ROUTER_LOG_LEVEL: env.logLevel(),
  ROUTER_INBOUND_PARTITIONS: env.positiveInt(3),
  /**
   * Largest inbound record (key, value and headers, in bytes) the router accepts; a larger one is
   * dead-lettered with reason TOO_LARGE (its first bytes, length and SHA-256 kept). Well under the
   * broker's 1 MiB a record batch: every routed copy carries the whole message, plus ~2 KB.
   */
  ROUTER_MAX_RECORD_BYTES: env.positiveInt(512 * 1024),
  /**
   * Most records routed in one Kafka transaction. Everything a fetch round brings (from every inbound
   * partition) is routed and committed together up to this many; a larger round takes several.
   */
  ROUTER_MAX_RECORDS_PER_TRANSACTION: env.positiveInt(DEFAULT_MAX_RECORDS_PER_TRANSACTION),
  /** How long a routed message id is remembered: a copy sent within this window is not routed again. */
  ROUTER_DEDUP_WINDOW_DAYS: env.positiveInt(30),
  ROUTER_INSTANCE_ID: zod
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and dashes')
    .default('router'),
};

export type RouterConfig = z.infer<z.ZodObject<typeof ROUTER_CONFIG>>;
