import { FIRST_ROUND_AFTER_MS } from '../monitor.constants';

/**
 * A background job's schedule: a first round soon after start-up, then one every `intervalMs`, never
 * two at once in this process (a round still running when the next is due is not started again).
 * The round handles its own errors; timers do not keep the process alive, and `stop` waits for the
 * round in hand. Several instances each run their own rounds, so a round must be instance-safe.
 */
export class PeriodicRound<T> {
  private timer: NodeJS.Timeout | undefined;
  private first: NodeJS.Timeout | undefined;
  private running: Promise<T> | undefined;

  constructor(private readonly round: () => Promise<T>) {}

  start(intervalMs: number): void {
    this.first = setTimeout(() => void this.tick(), Math.min(FIRST_ROUND_AFTER_MS, intervalMs));
    this.first.unref();
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.first);
    clearInterval(this.timer);
    await this.running;
  }

  /** One round now, or the one already running. */
  tick(): Promise<T> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }
}
