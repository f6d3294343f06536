/** The ceiling of the delay doubles per attempt from `initialMs` up to `maxMs`. */
export interface DeliveryBackoff {
  initialMs: number;
  maxMs: number;
}

/**
 * Exponential backoff with full jitter: the wait before attempt n+1 is uniform in [0, ceiling], the
 * ceiling being initialMs·2^(n-1) capped at maxMs. Full jitter spreads the retries of many documents
 * (and instances) over the whole window, so a partner coming back is not hit by all of them at once;
 * the circuit breaker, not the backoff, keeps a dead partner from being hammered. (@hub/kafka's
 * backoffDelay waits at least half the ceiling, which suits retrying in place in the consumer loop.)
 */
export function retryDelay(
  policy: DeliveryBackoff,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 52);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  return Math.round(random() * ceiling);
}
