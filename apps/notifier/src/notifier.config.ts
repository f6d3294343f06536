import { env } from '@hub/config';
import { z } from 'zod';

export const NOTIFIER_CONFIG = {
  HUB_KAFKA_BROKERS: env.brokers(),
  HUB_DATABASE_URL: env.postgresUrl(),
  HUB_SMTP_URL: env.smtpUrl(),
  HUB_AGREEMENTS_DIR: z.string().min(1).optional(),
  NOTIFIER_HTTP_PORT: env.port(3004),
  NOTIFIER_LOG_LEVEL: env.logLevel(),
  NOTIFIER_FROM: z.string().min(3).default('Integrationshubben <noreply@hub.invalid>'),
  NOTIFIER_POLL_MS: env.positiveInt(1_000),
  NOTIFIER_SEND_BATCH: env.positiveInt(20),
};

export type NotifierConfig = z.infer<z.ZodObject<typeof NOTIFIER_CONFIG>>;
