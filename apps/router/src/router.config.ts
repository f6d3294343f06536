import { env } from '@hub/config';
import type { z } from 'zod';
import { z as zod } from 'zod';

/** Every setting of the router; ROUTER_* are its own, HUB_* are shared by the hub's services. */
export const ROUTER_CONFIG = {
  HUB_KAFKA_BROKERS: env.brokers(),
  HUB_DATABASE_URL: env.postgresUrl(),
  HUB_PSEUDONYM_KEY: env.secret(
    'the secret key of the citizen pseudonym (HMAC), shared by router and monitor',
  ),
  HUB_AGREEMENTS_DIR: zod.string().min(1).optional(),
  ROUTER_HTTP_PORT: env.port(3001),
  ROUTER_LOG_LEVEL: env.logLevel(),
  ROUTER_INBOUND_PARTITIONS: env.positiveInt(3),
  ROUTER_CHUNK_SIZE: env.positiveInt(500),
  /**
   * Input partitions processed at once. Each has its own transactional producer, so they commit
   * independently; with one inbound topic per partner most partitions are quiet and batches small,
   * so throughput comes from many small transactions in flight, not from big batches.
   */
  ROUTER_CONCURRENT_PARTITIONS: env.positiveInt(16),
  /** How long a routed message id is remembered: a copy sent within this window is not routed again. */
  ROUTER_DEDUP_WINDOW_DAYS: env.positiveInt(30),
  ROUTER_INSTANCE_ID: zod
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and dashes')
    .default('router'),
};

export type RouterConfig = z.infer<z.ZodObject<typeof ROUTER_CONFIG>>;
