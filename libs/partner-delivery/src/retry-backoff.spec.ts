import { retryDelay } from './retry-backoff';

describe(retryDelay.name, () => {
  const policy = { initialMs: 500, maxMs: 8_000 };

  it('waits between nothing and the ceiling, which doubles per attempt from the initial delay', () => {
    expect(retryDelay(policy, 1, () => 0)).toBe(0);
    expect(retryDelay(policy, 1, () => 1)).toBe(500);
    expect(retryDelay(policy, 2, () => 1)).toBe(1_000);
    expect(retryDelay(policy, 4, () => 1)).toBe(4_000);
    expect(retryDelay(policy, 4, () => 0.5)).toBe(2_000);
  });

  it('never waits longer than the maximum, however many attempts it took', () => {
    expect(retryDelay(policy, 5, () => 1)).toBe(8_000);
    expect(retryDelay(policy, 60, () => 1)).toBe(8_000);
    expect(retryDelay(policy, 10_000, () => 1)).toBe(8_000);
  });

  it('stays within [0, ceiling] for random draws (full jitter)', () => {
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** (attempt - 1));
      for (let i = 0; i < 50; i += 1) {
        const delay = retryDelay(policy, attempt);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('treats a first attempt numbered 0 like attempt 1', () => {
    expect(retryDelay(policy, 0, () => 1)).toBe(500);
  });
});
