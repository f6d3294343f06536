import { FAILURE_LOG_EVERY_MS, PeriodicTask, PeriodicTaskOptions } from './periodic-task';

/** A log that remembers what it was told. */
function recordingLog() {
  const lines: { level: 'log' | 'error'; entry: Record<string, unknown> }[] = [];
  return {
    lines,
    log: {
      log: (entry: Record<string, unknown>) => lines.push({ level: 'log', entry }),
      error: (entry: Record<string, unknown>) => lines.push({ level: 'error', entry }),
    },
  };
}

/** A run the test ends by hand, counting how many run at once. */
function controllableRun() {
  const state = { started: 0, concurrent: 0, maxConcurrent: 0, finish: [] as (() => void)[] };
  const run = (): Promise<void> => {
    state.started += 1;
    state.concurrent += 1;
    state.maxConcurrent = Math.max(state.maxConcurrent, state.concurrent);
    return new Promise<void>((resolve) => {
      state.finish.push(() => {
        state.concurrent -= 1;
        resolve();
      });
    });
  };
  return { state, run };
}

describe('PeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const task = (options: Partial<PeriodicTaskOptions>, run: () => Promise<unknown>) =>
    new PeriodicTask({ name: 'probe', everyMs: 1_000, log: recordingLog().log, ...options }, run);

  it('runs first after firstRunAfterMs, then every everyMs counted from the end of the previous run', async () => {
    const starts: number[] = [];
    const periodic = task({ firstRunAfterMs: 200 }, async () => {
      starts.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const origin = Date.now();
    periodic.start();
    await jest.advanceTimersByTimeAsync(199);
    expect(starts).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    // 200, then 200 + 300 (the run) + 1,000 (the pause), and so on.
    await jest.advanceTimersByTimeAsync(3_000);
    expect(starts.map((at) => at - origin)).toEqual([200, 1_500, 2_800]);
    await periodic.stop();
  });

  it('first runs after everyMs when no first delay is given', async () => {
    const run = jest.fn(async () => undefined);
    const periodic = task({}, run);
    periodic.start();
    await jest.advanceTimersByTimeAsync(999);
    expect(run).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await periodic.stop();
  });

  it('never runs twice at once: a slow run is not joined by the next, nor by runNow or wake', async () => {
    const { state, run } = controllableRun();
    const periodic = task({ everyMs: 100, firstRunAfterMs: 0 }, run);
    periodic.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(state.started).toBe(1);
    const joined = periodic.runNow();
    periodic.wake();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(state.started).toBe(1);
    state.finish.shift()?.();
    await joined;
    // The wake asked for another run right after the slow one.
    await jest.advanceTimersByTimeAsync(0);
    expect(state.started).toBe(2);
    expect(state.maxConcurrent).toBe(1);
    state.finish.shift()?.();
    await periodic.stop();
  });

  it('stop waits for the run in progress and schedules nothing more', async () => {
    const { state, run } = controllableRun();
    const periodic = task({ everyMs: 100, firstRunAfterMs: 0 }, run);
    periodic.start();
    await jest.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = periodic.stop().then(() => {
      stopped = true;
    });
    await jest.advanceTimersByTimeAsync(50);
    expect(stopped).toBe(false);
    state.finish.shift()?.();
    await stopping;
    expect(stopped).toBe(true);
    periodic.wake();
    periodic.start();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(state.started).toBe(1);
  });

  it('logs a failure with the task name, keeps going, says so at most once a minute, and says when it works again', async () => {
    const { lines, log } = recordingLog();
    let failing = true;
    const periodic = new PeriodicTask({ name: 'deadline watch', everyMs: 1_000, log }, async () => {
      if (failing) throw new Error('database away');
    });
    periodic.start();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(lines).toEqual([
      {
        level: 'error',
        entry: {
          msg: 'deadline watch failed; trying again',
          failedRuns: 1,
          retryInMs: 1_000,
          error: 'database away',
        },
      },
    ]);
    // 60 more failed runs in the next minute: one more line, when the minute is up.
    await jest.advanceTimersByTimeAsync(FAILURE_LOG_EVERY_MS);
    expect(lines.map((line) => line.entry.failedRuns)).toEqual([1, 61]);
    failing = false;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(lines[2]).toEqual({ level: 'log', entry: { msg: 'deadline watch works again', failedRuns: 61 } });
    await jest.advanceTimersByTimeAsync(5_000);
    expect(lines).toHaveLength(3);
    await periodic.stop();
  });

  it('keeps going at once while a run reports work, then pauses', async () => {
    let backlog = 3;
    const starts: number[] = [];
    const periodic = task({ everyMs: 1_000, keepGoingWhileWorking: true }, async () => {
      starts.push(Date.now());
      if (backlog === 0) return false;
      backlog -= 1;
      return true;
    });
    const origin = Date.now();
    periodic.start();
    await jest.advanceTimersByTimeAsync(2_500);
    // Three batches back to back (a timer of 0 ms fires after 1 ms in Node), the empty run that found
    // no more, then the pause.
    expect(starts.map((at) => at - origin)).toEqual([1_000, 1_001, 1_002, 1_003, 2_003]);
    await periodic.stop();
  });

  it('ignores what a run returns unless asked to keep going', async () => {
    const run = jest.fn(async () => true);
    const periodic = task({ everyMs: 1_000 }, run);
    periodic.start();
    await jest.advanceTimersByTimeAsync(2_500);
    expect(run).toHaveBeenCalledTimes(2);
    await periodic.stop();
  });

  it('wake runs the task now rather than at the next poll', async () => {
    const run = jest.fn(async () => undefined);
    const periodic = task({ everyMs: 60_000 }, run);
    periodic.start();
    periodic.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(1);
    // And then waits the whole pause again.
    await jest.advanceTimersByTimeAsync(59_999);
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    await periodic.stop();
  });

  it('runNow works without start and schedules nothing after it; a failure is logged, not thrown', async () => {
    const { lines, log } = recordingLog();
    const run = jest.fn(async () => {
      throw new Error('no broker');
    });
    const periodic = new PeriodicTask({ name: 'probe', everyMs: 10, log }, run);
    await expect(periodic.runNow()).resolves.toBeUndefined();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(1);
    expect(lines[0].entry.msg).toBe('probe failed; trying again');
    await periodic.stop();
  });

  it('refuses a period that is not positive', () => {
    expect(() => task({ everyMs: 0 }, async () => undefined)).toThrow('probe: everyMs must be more than 0');
  });

  it("does not keep the process alive: its timer is unref'd", async () => {
    jest.useRealTimers();
    const probe = setTimeout(() => undefined, 0);
    clearTimeout(probe);
    const unref = jest.spyOn(Object.getPrototypeOf(probe) as { unref(): unknown }, 'unref');
    const periodic = task({ everyMs: 3_600_000 }, async () => undefined);
    periodic.start();
    expect(unref).toHaveBeenCalledTimes(1);
    unref.mockRestore();
    await periodic.stop();
  });
});
