/** The notifier's numbers in one place, so tuning one never means hunting through the code. */

/** First retry of a mail the SMTP server did not take; doubles up to NOTIFIER_SMTP_RETRY_MAX_MS. */
export const SMTP_RETRY_INITIAL_MS = 1_000;

/** Digests are per Danish day: agreements and caseworkers count Danish days (seed 001 is in Norddjurs). */
export const DIGEST_TIME_ZONE = 'Europe/Copenhagen';

/** Sent mails whose NotificationSent event is published per pass. */
export const EVENTS_PER_PASS = 100;

/**
 * Settling a sent mail while the database is away or refuses: retried with this backoff until the
 * sending timeout (NOTIFIER_SENDING_TIMEOUT_MS) has passed since the mail was claimed.
 */
export const SETTLE_SENT_RETRY = { initialMs: 200, maxMs: 5_000, stallAfterMs: Infinity };

/**
 * The SMTP transport's limits: connecting, the server's greeting, and silence on an open connection
 * (an idle pooled connection is closed after it). One send therefore ends within about 20 s, which
 * the lease relies on (NOTIFIER_SENDING_TIMEOUT_MS).
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 };
