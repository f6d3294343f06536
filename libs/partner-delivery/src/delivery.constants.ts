import { DEFAULT_PARKING } from './parking-policy';

/**
 * The delivery numbers in one place (the retry policy constants of the adapters). Each default can
 * be overridden per adapter by the `<PREFIX>_*` variable named beside it (adapter-app.ts).
 */
export const DELIVERY_DEFAULTS = {
  /** `_POLL_MS`: how often a worker looks for partners with a document due. */
  pollMs: 250,
  /** `_TIMEOUT_MS`: one HTTP request to a partner, after which it counts as a transient failure. */
  timeoutMs: 5_000,
  /** `_RETRY_INITIAL_MS`, `_RETRY_MAX_MS`: the ceiling of the full-jitter backoff, doubling per attempt. */
  retryInitialMs: 500,
  retryMaxMs: 60_000,
  /** `_CIRCUIT_FAILURES`: consecutive transient failures that open a partner's circuit. */
  circuitFailures: 5,
  /** `_CIRCUIT_COOLDOWN_MS`: how long an open circuit sends nothing before one probe (half-open). */
  circuitCoolDownMs: 30_000,
  /** `_CONCURRENCY`: partners one instance delivers to at the same time. */
  concurrency: 32,
  /**
   * `_PARK_AFTER_ATTEMPTS`, `_PARK_AFTER_MS`: a document that keeps failing transiently is parked
   * after this many attempts or this long since its first failure, whichever comes first
   * (parking-policy.ts); overridable per partner in the partners file.
   */
  parkAfterAttempts: DEFAULT_PARKING.afterAttempts,
  parkAfterMs: DEFAULT_PARKING.afterMs,
} as const;

/**
 * First key of the two-key advisory locks that give one instance a partner (PartnerLocks). The
 * two-key and one-key lock spaces do not overlap, so this cannot collide with migrate()'s lock; the
 * notifier's digest locks (mail-outbox.repository.ts) take 727003 in the same database.
 */
export const PARTNER_LOCK_NAMESPACE = 727_002;

/**
 * The least time between two attempts of one document. Each attempt is signed with its time in
 * whole seconds (signature.ts), and a partner refuses a request whose idempotency key and time it
 * has accepted before (a replay); attempts a second or more apart never share a time, so a
 * redelivery after a lost answer is never mistaken for a replay.
 */
export const MIN_ATTEMPT_SPACING_MS = 1_000;

/** Outcome events published per pass (settled documents whose event is not on Kafka yet). */
export const PUBLISH_BATCH = 100;

/** Partner heads read per poll; more partners with due documents than this wait for the next poll. */
export const HEADS_PER_POLL = 1_000;

/** Settled rows (content already cleared) are kept this long for operators, then deleted. */
export const SETTLED_RETENTION_DAYS = 30;
export const PURGE_EVERY_MS = 10 * 60_000;
