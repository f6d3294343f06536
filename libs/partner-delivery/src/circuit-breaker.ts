export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit lets nothing through before it lets one probe through (half-open). */
  coolDownMs: number;
}

export type CircuitListener = (change: { from: CircuitState; to: CircuitState; failures: number }) => void;

/**
 * A circuit breaker for one partner. Closed: requests go through, failures are counted; after
 * `failureThreshold` in a row it opens. Open: nothing goes through until `coolDownMs` has passed, then
 * it lets exactly one probe through (half-open). The probe's success closes it; its failure opens it
 * again for another cool-down. A refusal (4xx) is an answer, not an outage: it counts as a success.
 *
 * Not shared between instances: only the instance that holds a partner's lock talks to that partner.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;

  constructor(
    private readonly options: CircuitOptions,
    private readonly onChange: CircuitListener = () => undefined,
  ) {}

  get state(): CircuitState {
    return this.current;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Whether a request could go through at `now`, without taking the probe (for scheduling). */
  isAvailable(now: number): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'open') return now - this.openedAt >= this.options.coolDownMs;
    return !this.probing;
  }

  /** Asks to send one request now; in half-open only the first asker gets through (the probe). */
  tryAcquire(now: number): boolean {
    if (this.current === 'open') {
      if (now - this.openedAt < this.options.coolDownMs) return false;
      this.move('half-open');
    }
    if (this.current === 'half-open') {
      if (this.probing) return false;
      this.probing = true;
    }
    return true;
  }

  /** The request tryAcquire allowed was not made after all: a half-open circuit may probe again. */
  release(): void {
    this.probing = false;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.probing = false;
    if (this.current !== 'closed') this.move('closed');
  }

  recordFailure(now: number): void {
    this.failures += 1;
    this.probing = false;
    if (this.current === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.openedAt = now;
      if (this.current !== 'open') this.move('open');
    }
  }

  private move(to: CircuitState): void {
    const from = this.current;
    this.current = to;
    this.onChange({ from, to, failures: this.failures });
  }
}
