/**
 * The hub services' readiness (`/health/ready`) watched while a fault runs and after it: which
 * services noticed the fault, and how long after its end every one of them was ready again (issue
 * 13's target: within 60 s). Shared by the fault matrix and its CI subset.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';

/**
 * The hub's services whose readiness a fault run watches, each on its own /health/ready (the
 * ingress's over https); the partner simulator stands for the partners, not the hub, and is left out.
 */
export const WATCHED_SERVICES: readonly string[] = [
  'router',
  'jobcenter-adapter',
  'akasse-adapter',
  'union-adapter',
  'company-adapter',
  'notifier',
  'monitor',
  'ingress',
];

/** A service's readiness URL; the ingress's is https, trusted through `caFile`. */
export interface ReadinessTarget {
  service: string;
  url: string;
  caFile?: string;
}

/** True when the service answers 200 within 5 s. */
export function isReady(target: ReadinessTarget): Promise<boolean> {
  if (!target.url.startsWith('https:')) {
    return fetch(target.url, { signal: AbortSignal.timeout(5_000) }).then(
      (response) => response.ok,
      () => false,
    );
  }
  const ca = target.caFile ? readFileSync(target.caFile) : undefined;
  return new Promise((resolve) => {
    const probe = request(target.url, { ca, timeout: 5_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    probe.on('timeout', () => probe.destroy());
    probe.on('error', () => resolve(false));
    probe.end();
  });
}

/**
 * Polls every target about once a second from its construction (the fault's start) until stopped.
 * Each round probes all of them at once; a round in which every one answers ready after the fault
 * has ended marks them all ready again (a later round with one not ready undoes that).
 */
export class ReadinessWatch {
  readonly notReadyDuringFault = new Set<string>();
  private faultEndedAt: number | undefined;
  private allReadyAt: number | undefined;
  private stillDown: string[] = [];
  private running = true;
  private readonly loop: Promise<void>;

  constructor(
    private readonly targets: readonly ReadinessTarget[],
    private readonly intervalMs = 1_000,
  ) {
    this.loop = this.poll();
  }

  private async poll(): Promise<void> {
    while (this.running) {
      const round = await Promise.all(
        this.targets.map(async (target) => ({ service: target.service, ready: await isReady(target) })),
      );
      const down = round.filter((probe) => !probe.ready).map((probe) => probe.service);
      this.stillDown = down;
      if (this.faultEndedAt === undefined) for (const service of down) this.notReadyDuringFault.add(service);
      else if (down.length > 0) this.allReadyAt = undefined;
      else this.allReadyAt ??= Date.now();
      await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
    }
  }

  faultEnded(at: number): void {
    this.faultEndedAt = at;
  }

  /** Milliseconds from the fault's end until a round found every service ready, once one has. */
  readyAfterMs(): number | undefined {
    if (this.faultEndedAt === undefined || this.allReadyAt === undefined) return undefined;
    return Math.max(0, this.allReadyAt - this.faultEndedAt);
  }

  /** The services the latest round found not ready. */
  notReadyNow(): readonly string[] {
    return this.stillDown;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}
