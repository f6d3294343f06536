/**
 * Counts wrong API keys per client address and refuses an address that has given too many within a
 * window, so guessing keys is slowed to a trickle. In memory: each monitor instance counts on its own.
 * Only wrong keys count: a valid key always passes (several people may share one address, e.g. behind
 * a proxy, and one person's typo must not lock the others out), and a request with no key at all is
 * no guess.
 */
export class FailedKeyLimiter {
  /** Per address, the times (ms) of its wrong keys within the window, oldest first. */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    /** Bounds the memory a flood from many addresses can take; the stalest addresses go first. */
    private readonly maxAddresses = 10_000,
  ) {}

  /** Seconds before a wrong key from the address is answered 401 again (429 till then); 0: now. */
  retryAfterSeconds(address: string, now: number): number {
    const recent = this.recent(address, now);
    if (recent.length < this.maxFailures) return 0;
    // The window slides: the address may try again when its oldest counted failure leaves it.
    const freeAt = recent[recent.length - this.maxFailures] + this.windowMs;
    return Math.max(1, Math.ceil((freeAt - now) / 1000));
  }

  /** Records a wrong key from the address. */
  recordFailure(address: string, now: number): void {
    const recent = this.recent(address, now);
    recent.push(now);
    // Only the last maxFailures matter for the verdict.
    if (recent.length > this.maxFailures) recent.splice(0, recent.length - this.maxFailures);
    this.failures.delete(address);
    this.failures.set(address, recent);
    if (this.failures.size > this.maxAddresses) this.forgetStalest(now);
  }

  /** How many addresses are remembered (for tests of the memory bound). */
  get size(): number {
    return this.failures.size;
  }

  private recent(address: string, now: number): number[] {
    const times = this.failures.get(address) ?? [];
    const since = now - this.windowMs;
    const recent = times.filter((time) => time > since);
    if (recent.length === 0) this.failures.delete(address);
    return recent;
  }

  private forgetStalest(now: number): void {
    for (const [address, times] of this.failures) {
      if (times[times.length - 1] <= now - this.windowMs) this.failures.delete(address);
    }
    // Map order is the order of each address's last failure: the first ones are the stalest.
    for (const address of this.failures.keys()) {
      if (this.failures.size <= this.maxAddresses) break;
      this.failures.delete(address);
    }
  }
}
