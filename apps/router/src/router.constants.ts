import type { RetryPolicy } from '@hub/kafka';

export const SERVICE_NAME = 'router';
export const CONSUMER_GROUP = 'hub-router';

/** Transient failures (the broker, a transaction) are retried with this backoff, holding the partition. */
export const ROUTER_RETRY_POLICY: RetryPolicy = { initialMs: 200, maxMs: 10_000, stallAfterMs: 30_000 };
