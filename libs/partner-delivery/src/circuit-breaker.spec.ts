import { CircuitBreaker, CircuitState } from './circuit-breaker';

describe(CircuitBreaker.name, () => {
  const options = { failureThreshold: 3, coolDownMs: 1_000 };
  let changes: string[];
  let breaker: CircuitBreaker;

  beforeEach(() => {
    changes = [];
    breaker = new CircuitBreaker(options, ({ from, to }) => changes.push(`${from}→${to}`));
  });

  const failTimes = (n: number, at: number): void => {
    for (let i = 0; i < n; i += 1) {
      expect(breaker.tryAcquire(at)).toBe(true);
      breaker.recordFailure(at);
    }
  };

  it('lets requests through while closed and stays closed below the failure threshold', () => {
    failTimes(2, 0);
    expect(breaker.state).toBe<CircuitState>('closed');
    expect(breaker.tryAcquire(0)).toBe(true);
    expect(changes).toEqual([]);
  });

  it('opens after the threshold of consecutive failures and then sends nothing during the cool-down', () => {
    failTimes(3, 100);
    expect(breaker.state).toBe<CircuitState>('open');
    expect(changes).toEqual(['closed→open']);
    expect(breaker.isAvailable(600)).toBe(false);
    expect(breaker.tryAcquire(1_099)).toBe(false);
  });

  it('counts only consecutive failures: a success in between starts the count again', () => {
    failTimes(2, 0);
    breaker.recordSuccess();
    failTimes(2, 0);
    expect(breaker.state).toBe<CircuitState>('closed');
    expect(breaker.consecutiveFailures).toBe(2);
  });

  it('lets exactly one probe through after the cool-down (half-open)', () => {
    failTimes(3, 0);
    expect(breaker.isAvailable(1_000)).toBe(true);
    expect(breaker.tryAcquire(1_000)).toBe(true);
    expect(breaker.state).toBe<CircuitState>('half-open');
    expect(breaker.isAvailable(1_001)).toBe(false);
    expect(breaker.tryAcquire(1_001)).toBe(false);
  });

  it('closes when the probe succeeds', () => {
    failTimes(3, 0);
    breaker.tryAcquire(1_000);
    breaker.recordSuccess();
    expect(breaker.state).toBe<CircuitState>('closed');
    expect(breaker.tryAcquire(1_001)).toBe(true);
    expect(changes).toEqual(['closed→open', 'open→half-open', 'half-open→closed']);
  });

  it('opens again for a full cool-down when the probe fails', () => {
    failTimes(3, 0);
    breaker.tryAcquire(1_000);
    breaker.recordFailure(1_200);
    expect(breaker.state).toBe<CircuitState>('open');
    expect(breaker.tryAcquire(2_199)).toBe(false);
    expect(breaker.tryAcquire(2_200)).toBe(true);
    expect(changes).toEqual(['closed→open', 'open→half-open', 'half-open→open', 'open→half-open']);
  });

  it('lets another probe through when the one it allowed was never made', () => {
    failTimes(3, 0);
    expect(breaker.tryAcquire(1_000)).toBe(true);
    breaker.release();
    expect(breaker.state).toBe<CircuitState>('half-open');
    expect(breaker.tryAcquire(1_001)).toBe(true);
  });
});
