import { hubMetrics, metricLabel, splitOutcome } from '@hub/observability';

/**
 * The live state of one service's consumer loop, shared between the loop (which writes it) and the
 * readiness check and metrics (which read it). A loop that crashed or is stuck retrying reports it
 * here, so the service never sits idle looking healthy.
 */
export type ConsumerState = 'starting' | 'running' | 'stalled' | 'failed' | 'stopped';

const STATES: readonly ConsumerState[] = ['starting', 'running', 'stalled', 'failed', 'stopped'];

export class ConsumerStatus {
  state: ConsumerState = 'starting';
  detail = 'not started';
  readonly outcomes = new Map<string, number>();
  private lastCommit: number | undefined;

  constructor() {
    this.publishState();
  }

  /** When the loop last committed a transaction (ms since epoch); each commit is counted. */
  get lastCommitAt(): number | undefined {
    return this.lastCommit;
  }

  set lastCommitAt(at: number | undefined) {
    this.lastCommit = at;
    if (at !== undefined) hubMetrics().commits.inc();
  }

  set(state: ConsumerState, detail: string): void {
    this.state = state;
    this.detail = detail;
    this.publishState();
  }

  /**
   * One record's outcome, per handler pattern (the message kind): counted here for readiness and on
   * the service's metrics (`hub_messages_consumed_total`; rejections and poison records also by reason).
   */
  count(pattern: string, outcome: string, by = 1): void {
    const key = `${pattern}|${outcome}`;
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + by);
    const metrics = hubMetrics();
    const split = splitOutcome(outcome);
    const kind = metricLabel(pattern);
    metrics.consumed.inc({ kind, outcome: metricLabel(split.outcome) }, by);
    if (split.outcome === 'rejected' || split.outcome === 'poison') {
      metrics.rejected.inc({ kind, reason: metricLabel(split.reason ?? split.outcome) }, by);
    }
  }

  get healthy(): boolean {
    return this.state === 'running';
  }

  private publishState(): void {
    const gauge = hubMetrics().consumerState;
    for (const state of STATES) gauge.set({ state }, state === this.state ? 1 : 0);
  }
}
