export const SERVICE_NAME = 'monitor';

/** The monitor's consumer group on the hub's events (and dead letters). */
export const MONITOR_GROUP_ID = 'hub-monitor';

/** Deadlines handled per database transaction by the watch. */
export const DEADLINE_BATCH = 200;
/** Exchanges purged per statement by the retention job. */
export const RETENTION_BATCH = 5_000;
/** How long the consumer-lag figures behind `/metrics` are reused (ms): a scrape stays cheap. */
export const LAG_CACHE_MS = 10_000;
/**
 * The deadline watch's first round after start-up (ms), then every interval. The retention job waits a
 * whole interval instead (retention.service.ts): its first round must not come before the operator said.
 */
export const FIRST_ROUND_AFTER_MS = 5_000;
