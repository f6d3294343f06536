/**
 * Exponential backoff with equal jitter, capped: attempt n waits between half and all of
 * min(maxMs, initialMs * 2^(n-1)), so retries never bunch up yet never come back at once.
 */
export interface RetryPolicy {
  initialMs: number;
  maxMs: number;
  /** After this long retrying one record the loop reports itself stalled (not ready). */
  stallAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { initialMs: 200, maxMs: 30_000, stallAfterMs: 60_000 };

export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(attempt - 1, 0));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
