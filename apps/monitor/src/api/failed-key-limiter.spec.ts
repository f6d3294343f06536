import { FailedKeyLimiter } from './failed-key-limiter';

describe(FailedKeyLimiter.name, () => {
  it('refuses an address after N wrong keys within the window, and says for how long', () => {
    const limiter = new FailedKeyLimiter(3, 60_000);
    for (const at of [0, 1_000, 2_000]) {
      expect(limiter.retryAfterSeconds('10.0.0.1', at)).toBe(0);
      limiter.recordFailure('10.0.0.1', at);
    }
    // The oldest of the three leaves the window at 60 s.
    expect(limiter.retryAfterSeconds('10.0.0.1', 2_500)).toBe(58);
    expect(limiter.retryAfterSeconds('10.0.0.1', 59_999)).toBe(1);
    expect(limiter.retryAfterSeconds('10.0.0.1', 60_000)).toBe(0);
  });

  it('counts each address on its own', () => {
    const limiter = new FailedKeyLimiter(2, 60_000);
    limiter.recordFailure('10.0.0.1', 0);
    limiter.recordFailure('10.0.0.1', 0);
    expect(limiter.retryAfterSeconds('10.0.0.1', 1)).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds('10.0.0.2', 1)).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const limiter = new FailedKeyLimiter(2, 10_000);
    limiter.recordFailure('10.0.0.1', 0);
    limiter.recordFailure('10.0.0.1', 11_000);
    expect(limiter.retryAfterSeconds('10.0.0.1', 11_001)).toBe(0);
  });

  it('keeps at most maxAddresses addresses, dropping the stalest', () => {
    const limiter = new FailedKeyLimiter(2, 60_000, 3);
    for (const [n, address] of ['a', 'b', 'c', 'd'].entries()) {
      limiter.recordFailure(address, n);
      limiter.recordFailure(address, n);
    }
    expect(limiter.size).toBe(3);
    expect(limiter.retryAfterSeconds('a', 10)).toBe(0);
    expect(limiter.retryAfterSeconds('d', 10)).toBeGreaterThan(0);
  });
});
