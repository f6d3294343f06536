import { env, KAFKA_CONFIG } from '@hub/config';
import { z } from 'zod';

export const MONITOR_CONFIG = {
  ...KAFKA_CONFIG,
  HUB_DATABASE_URL: env.postgresUrl(),
  HUB_AGREEMENTS_DIR: z.string().min(1).optional(),
  MONITOR_HTTP_PORT: env.port(3005),
  MONITOR_LOG_LEVEL: env.logLevel(),
  MONITOR_ADMIN_API_KEY: z
    .string({ required_error: 'is required: the API key that may read every exchange (x-api-key header)' })
    .min(16, 'must be at least 16 characters'),
  /**
   * Partners' API keys, each seeing only the exchanges it is a party to:
   * `akasse:3F=<key>,jobcenter:707=<key>` (keys at least 16 characters). Empty: admin only.
   */
  MONITOR_PARTNER_API_KEYS: env.partnerApiKeys(),
  /** Wrong API keys one client address may give within the window below before it gets 429. */
  MONITOR_API_KEY_MAX_FAILURES: env.positiveInt(10),
  MONITOR_API_KEY_FAILURE_WINDOW_MS: env.positiveInt(60_000),
  /** How often the deadline watch looks for deadlines that fall due or are overdue. */
  MONITOR_DEADLINE_INTERVAL_MS: env.positiveInt(60_000),
  /**
   * How often the retention job purges exchanges past their agreement's retention period; its first
   * round comes one interval after start.
   */
  MONITOR_RETENTION_INTERVAL_MS: env.positiveInt(3_600_000),
  /** Retention for exchanges under no known agreement, and for dead-letter reasons. */
  MONITOR_DEFAULT_RETENTION_MONTHS: env.positiveInt(12),
};

export type MonitorConfig = z.infer<z.ZodObject<typeof MONITOR_CONFIG>>;
