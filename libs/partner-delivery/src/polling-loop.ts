import { Logger } from '@nestjs/common';

/**
 * Runs `pass` every `intervalMs`, one pass at a time; `wake()` runs the next pass now (or right after
 * the one in progress). A failed pass is logged and the loop goes on; while passes keep failing (the
 * database is down) it says so once and then every 100th time, and says when it works again.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly pass: () => Promise<void>,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.schedule(this.intervalMs);
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Stops scheduling and waits for the pass in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), delayMs);
  }

  private run(): void {
    this.timer = undefined;
    this.again = false;
    this.running = this.pass()
      .then(() => {
        if (this.failures > 0) this.log.log({ msg: `${this.name} works again`, failedPasses: this.failures });
        this.failures = 0;
      })
      .catch((error: unknown) => {
        this.failures += 1;
        if (this.failures % 100 === 1)
          this.log.error({
            msg: `${this.name} pass failed; trying again`,
            failedPasses: this.failures,
            error: (error as Error).message,
          });
      })
      .finally(() => {
        this.running = undefined;
        this.schedule(this.again ? 0 : this.intervalMs);
      });
  }
}
