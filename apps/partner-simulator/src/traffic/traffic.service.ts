import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { HUB_CODEC, type HubCodec } from '@hub/contracts';

import type { SimulatorConfig } from '../simulator.config';
import { PARTNER_PUBLISHER } from '../simulator.tokens';
import { publishMessages, RecordSink } from './publish';
import { resolveOptions, WorkloadOptions, workloadMessages } from './workload';

export interface TrafficRequest extends WorkloadOptions {
  /** Messages per second. */
  rate: number;
}

export interface TrafficRun {
  runId: string;
  seed: number;
  rate: number;
  count: number;
  startDate: string;
  badShare: number;
  state: 'running' | 'finished' | 'stopped' | 'failed';
  published: number;
  bad: number;
  byScenario: Record<string, number>;
  byKind: Record<string, number>;
  /** Simulated time of the last message published. */
  simulatedUntil: string | null;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

/**
 * Simulated traffic from the partner systems: one run at a time, started at boot
 * (SIMULATOR_TRAFFIC_COUNT > 0) or by POST /traffic, published with the service's producer.
 */
@Injectable()
export class TrafficService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(TrafficService.name);
  private current: TrafficRun | undefined;
  private stopRequested = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    @Inject(PARTNER_PUBLISHER) private readonly producer: RecordSink,
    @Inject(HUB_CODEC) private readonly codec: HubCodec,
    @Inject(APP_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.SIMULATOR_TRAFFIC_COUNT === 0) return;
    this.start({
      seed: this.config.SIMULATOR_TRAFFIC_SEED,
      count: this.config.SIMULATOR_TRAFFIC_COUNT,
      rate: this.config.SIMULATOR_TRAFFIC_RATE,
      startDate: this.config.SIMULATOR_TRAFFIC_START_DATE,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopRequested = true;
    await this.running;
  }

  status(): TrafficRun | undefined {
    return this.current;
  }

  start(request: TrafficRequest): TrafficRun {
    if (this.current?.state === 'running') {
      throw new ConflictException(
        `traffic run ${this.current.runId} is still running; DELETE /traffic stops it`,
      );
    }
    // Without a run id, each run gets its own message ids (the hub would drop ids it has seen).
    const options = resolveOptions({ ...request, runId: request.runId ?? `run-${new Date().toISOString()}` });
    const run: TrafficRun = {
      runId: options.runId,
      seed: options.seed,
      rate: request.rate,
      count: options.count,
      startDate: options.startDate,
      badShare: options.badShare,
      state: 'running',
      published: 0,
      bad: 0,
      byScenario: {},
      byKind: {},
      simulatedUntil: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
    };
    this.current = run;
    this.stopRequested = false;
    this.log.log({
      msg: 'traffic started',
      runId: run.runId,
      seed: run.seed,
      rate: run.rate,
      count: run.count,
    });
    const counted = (function* count(messages: ReturnType<typeof workloadMessages>) {
      for (const message of messages) {
        run.byScenario[message.scenario] = (run.byScenario[message.scenario] ?? 0) + 1;
        const kind = message.kind ?? 'garbage';
        run.byKind[kind] = (run.byKind[kind] ?? 0) + 1;
        if (message.bad) run.bad += 1;
        yield message;
      }
    })(workloadMessages(options, this.codec));
    this.running = publishMessages(this.producer, counted, {
      rate: request.rate,
      stopped: () => this.stopRequested,
      onProgress: (published, last) => {
        run.published = published;
        run.simulatedUntil = last.queuedAt;
      },
    }).then(
      (result) => {
        run.state = result.stopped ? 'stopped' : 'finished';
        run.finishedAt = new Date().toISOString();
        this.log.log({
          msg: `traffic ${run.state}`,
          runId: run.runId,
          published: run.published,
          ms: result.durationMs,
        });
      },
      (error: unknown) => {
        run.state = 'failed';
        run.error = (error as Error).message;
        run.finishedAt = new Date().toISOString();
        this.log.error({
          msg: 'traffic failed',
          runId: run.runId,
          published: run.published,
          error: run.error,
        });
      },
    );
    return run;
  }

  stop(): TrafficRun | undefined {
    this.stopRequested = true;
    return this.current;
  }
}
