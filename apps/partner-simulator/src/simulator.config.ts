import { env } from '@hub/config';
import type { z } from 'zod';

export const SIMULATOR_CONFIG = {
  SIMULATOR_HTTP_PORT: env.port(4010),
  SIMULATOR_LOG_LEVEL: env.logLevel(),
  SIMULATOR_HMAC_SECRET: env.secret('the secret the adapters sign deliveries with (x-hub-signature-256)'),
  SIMULATOR_INBOX_LIMIT: env.positiveInt(5_000),
};

export type SimulatorConfig = z.infer<z.ZodObject<typeof SIMULATOR_CONFIG>>;
