/** The notifier's numbers in one place, so tuning one never means hunting through the code. */

/** First retry of a mail the SMTP server did not take; doubles up to NOTIFIER_SMTP_RETRY_MAX_MS. */
export const SMTP_RETRY_INITIAL_MS = 1_000;

/** Digests are per Danish day: agreements and caseworkers count Danish days (seed 001 is in Norddjurs). */
export const DIGEST_TIME_ZONE = 'Europe/Copenhagen';

/** Sent mails whose NotificationSent event is published per pass. */
export const EVENTS_PER_PASS = 100;

/**
 * How long a mail handed to SMTP stays leased to the instance sending it. Only if that instance dies
 * between the SMTP server taking the mail and recording it as sent is the mail due again after this,
 * and sent a second time (same Message-ID): the one at-least-once window left.
 */
export const SEND_LEASE_MS = 120_000;

/** Recording a sent mail while the database is away: retried with this backoff until it is back. */
export const RECORD_SENT_RETRY = { initialMs: 200, maxMs: 5_000, stallAfterMs: Infinity };
