/**
 * The live state of one service's consumer loop, shared between the loop (which writes it) and the
 * readiness check and metrics (which read it). A loop that crashed or is stuck retrying reports it
 * here, so the service never sits idle looking healthy.
 */
export type ConsumerState = 'starting' | 'running' | 'stalled' | 'failed' | 'stopped';

export class ConsumerStatus {
  state: ConsumerState = 'starting';
  detail = 'not started';
  readonly outcomes = new Map<string, number>();
  lastCommitAt: number | undefined;

  set(state: ConsumerState, detail: string): void {
    this.state = state;
    this.detail = detail;
  }

  count(pattern: string, outcome: string, by = 1): void {
    const key = `${pattern}|${outcome}`;
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + by);
  }

  get healthy(): boolean {
    return this.state === 'running';
  }
}
