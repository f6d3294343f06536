import { env } from '@hub/config';
import { z } from 'zod';

export const MONITOR_CONFIG = {
  HUB_KAFKA_BROKERS: env.brokers(),
  HUB_DATABASE_URL: env.postgresUrl(),
  MONITOR_HTTP_PORT: env.port(3005),
  MONITOR_LOG_LEVEL: env.logLevel(),
  MONITOR_ADMIN_API_KEY: z
    .string({ required_error: 'is required: the API key that may read every exchange (x-api-key header)' })
    .min(16, 'must be at least 16 characters'),
};

export type MonitorConfig = z.infer<z.ZodObject<typeof MONITOR_CONFIG>>;
