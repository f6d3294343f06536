import { Logger } from '@nestjs/common';

/** How often a task that keeps failing says so again; its first failure is always logged. */
export const FAILURE_LOG_EVERY_MS = 60_000;

export interface PeriodicTaskOptions {
  /** Names the task in its log lines ("delivery", "deadline watch", ...). */
  name: string;
  /** The pause from the end of one run to the start of the next (ms). */
  everyMs: number;
  /** When the first run starts after `start()` (ms); default `everyMs`. */
  firstRunAfterMs?: number;
  /**
   * A run that resolves `true` did work and may have left more: the next run starts at once rather
   * than after `everyMs`, so a backlog is worked off without a pause per batch.
   */
  keepGoingWhileWorking?: boolean;
  /** Where failures are logged; default a logger of its own. */
  log?: Pick<Logger, 'log' | 'error'>;
}

/**
 * The hub's one background-loop primitive: runs a task every `everyMs`, one run at a time (a run
 * still going when the next is due is never joined by a second; the pause counts from its end), its
 * timer never keeps the process alive, and `stop` (on shutdown) schedules nothing more and waits for
 * the run in progress. A run that fails is logged with the task's name and tried again after the
 * pause; while it keeps failing (the database is away) it says so at most once a minute, and says
 * when it works again. Each instance of a service runs its own tasks: a run must be instance-safe.
 */
export class PeriodicTask {
  private readonly log: Pick<Logger, 'log' | 'error'>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private started = false;
  private stopped = false;
  private wakeRequested = false;
  private failures = 0;
  private lastFailureLoggedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly options: PeriodicTaskOptions,
    private readonly run: () => Promise<unknown>,
  ) {
    if (!(options.everyMs > 0)) throw new RangeError(`${options.name}: everyMs must be more than 0`);
    this.log = options.log ?? new Logger(PeriodicTask.name);
  }

  /** Schedules the first run; later runs follow on their own until `stop`. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.schedule(this.options.firstRunAfterMs ?? this.options.everyMs);
  }

  /** There is work now: the next run starts at once, or right after the one in progress. */
  wake(): void {
    if (!this.started || this.stopped) return;
    if (this.running) this.wakeRequested = true;
    else this.schedule(0);
  }

  /**
   * One run now, or the one in progress; resolves when it has ended. A failure is logged as any
   * run's is, never thrown. Works without `start` (tests, an operator's command).
   */
  runNow(): Promise<void> {
    if (this.running) return this.running;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.wakeRequested = false;
    this.running = this.attempt().then((worked) => {
      this.running = undefined;
      const again = this.wakeRequested || (worked && this.options.keepGoingWhileWorking === true);
      if (this.started) this.schedule(again ? 0 : this.options.everyMs);
    });
    return this.running;
  }

  /** Schedules nothing more and waits for the run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Whether the run ended reporting work done. */
  private async attempt(): Promise<boolean> {
    try {
      const result = await this.run();
      if (this.failures > 0) {
        this.log.log({ msg: `${this.options.name} works again`, failedRuns: this.failures });
        this.failures = 0;
      }
      return result === true;
    } catch (error) {
      this.failures += 1;
      const now = Date.now();
      if (this.failures === 1 || now - this.lastFailureLoggedAt >= FAILURE_LOG_EVERY_MS) {
        this.lastFailureLoggedAt = now;
        this.log.error({
          msg: `${this.options.name} failed; trying again`,
          failedRuns: this.failures,
          retryInMs: this.options.everyMs,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      return false;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runNow();
    }, delayMs);
    this.timer.unref();
  }
}
