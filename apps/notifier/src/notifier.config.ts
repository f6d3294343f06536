import { hostname } from 'node:os';

import { env, KAFKA_CONFIG } from '@hub/config';
import { z } from 'zod';

import { LOCAL_TIME_PATTERN } from './digest/digest-schedule';

export const NOTIFIER_CONFIG = {
  ...KAFKA_CONFIG,
  HUB_DATABASE_URL: env.postgresUrl(),
  HUB_SMTP_URL: env.smtpUrl(),
  HUB_AGREEMENTS_DIR: z.string().min(1).optional(),
  NOTIFIER_HTTP_PORT: env.port(3004),
  NOTIFIER_LOG_LEVEL: env.logLevel(),
  NOTIFIER_FROM: z.string().min(3).default('Integrationshubben <noreply@hub.invalid>'),
  /** Wait between two outbox passes when the last one found nothing more to do. */
  NOTIFIER_POLL_MS: env.positiveInt(1_000),
  /**
   * Mails claimed per pass (one statement). Passes follow each other at once while the outbox has
   * due mails; the claim is also the lease, so a mail not handed to SMTP within half the sending
   * timeout of its claim is given back rather than sent late.
   */
  NOTIFIER_SEND_BATCH: env.positiveInt(100),
  /**
   * SMTP connections this instance keeps open (nodemailer's pool) and mails it sends at once, one per
   * connection. Each instance has its own: mind the server's limit per client over all instances.
   */
  NOTIFIER_SMTP_CONNECTIONS: z.coerce
    .number()
    .int()
    .positive('must be a positive whole number')
    .max(50, 'must be at most 50')
    .default(5),
  /** Mails sent over one SMTP connection before it is closed and a fresh one opened. */
  NOTIFIER_SMTP_MAX_MESSAGES: env.positiveInt(100),
  /**
   * How long a mail marked `sending` belongs to the instance that marked it. Found `sending` after
   * this, its sender was interrupted between SMTP and settling it: the mail is sent again (same
   * Message-ID) and counted. Longer than one SMTP send (at most ~20 s with the transport's timeouts).
   */
  NOTIFIER_SENDING_TIMEOUT_MS: env.positiveInt(120_000),
  /** Names this instance on the mails it marks `sending` (default: host and process id). */
  NOTIFIER_INSTANCE_ID: z
    .string()
    .min(1)
    .max(100)
    .default(`${hostname()}-${process.pid}`)
    .describe('the host name and process id'),
  /** Longest wait between two attempts at a mail the SMTP server did not take (backoff cap). */
  NOTIFIER_SMTP_RETRY_MAX_MS: env.positiveInt(60_000),
  /**
   * An overdue notice is mailed only while the deadline passed at most this many days ago: after a
   * replay or a first start over old events, a mail about a deadline missed months ago helps no one
   * (the monitor's dashboard lists every overdue item). A reminder is mailed only before its deadline.
   */
  NOTIFIER_OVERDUE_NOTICE_DAYS: env.positiveInt(14),
  /** Local time (Europe/Copenhagen) the daily digests go out, HH:MM or HH:MM:SS. */
  NOTIFIER_DIGEST_TIME: z
    .string()
    .regex(LOCAL_TIME_PATTERN, 'must be a local time HH:MM or HH:MM:SS (24-hour), e.g. 07:00')
    .default('07:00'),
};

export type NotifierConfig = z.infer<z.ZodObject<typeof NOTIFIER_CONFIG>>;
