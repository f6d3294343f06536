import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import { redactCprInText } from './redact';

/**
 * Prometheus metrics of one hub service, served on `/metrics` by HubHealthModule (every app imports
 * it). One registry per process, with the service name as a default label. Label values are always
 * code-defined (message kinds, outcomes, reason codes, topics, agreement ids); `metricLabel` still
 * redacts anything CPR-shaped and bounds the length, so no label can ever carry a CPR number, and a
 * pseudonym or message id must never be passed as one (unbounded cardinality, and personal data).
 */
export const metricsRegistry = new Registry();

/** Processing time buckets (seconds): a handler takes milliseconds; a retry in place takes seconds. */
const PROCESSING_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface HubMetrics {
  /** Records consumed, per message kind and outcome class (routed, rejected, duplicate, poison, ...). */
  readonly consumed: Counter<'kind' | 'outcome'>;
  /** Records rejected or set aside, per kind and reason code. */
  readonly rejected: Counter<'kind' | 'reason'>;
  /** Records produced by handlers, per produced kind and topic. */
  readonly produced: Counter<'kind' | 'topic'>;
  /** Handler processing time per consumed kind and outcome class. */
  readonly processing: Histogram<'kind' | 'outcome'>;
  /** The consumer loop's state: 1 for the current one (starting, running, stalled, failed, stopped). */
  readonly consumerState: Gauge<'state'>;
  /** Kafka transactions committed by the consumer loop. */
  readonly commits: Counter;
  /** Records consumed per committed transaction (how well the loop batches). */
  readonly transactionRecords: Histogram;
  /**
   * Where a consumer cycle's time goes, per stage: `fetch` (kafkajs's fetch request), `queued` (a
   * batch handed over until its cycle starts), `handle` (the handlers), `wait_for_commit` (the
   * previous cycle's commit still running), `commit` (this cycle's transactions). The latency budget.
   */
  readonly cycleStage: Histogram<'stage'>;
  /**
   * A consumer group's committed offset of a partition was no longer on the broker (retention had
   * deleted the records) and kafkajs moved the group to the partition's first record: the deleted
   * records were never read. Per group and topic; anything above 0 wants an operator.
   */
  readonly offsetResets: Counter<'group' | 'topic'>;
  /** HTTP request time per route template (never the path: it may hold an id), method and status. */
  readonly http: Histogram<'route' | 'method' | 'status'>;
}

let metrics: HubMetrics | undefined;

/** The service's metrics, created once per process on the shared registry. */
export function hubMetrics(): HubMetrics {
  metrics ??= {
    consumed: new Counter({
      name: 'hub_messages_consumed_total',
      help: 'Records consumed, per message kind and outcome class',
      labelNames: ['kind', 'outcome'],
      registers: [metricsRegistry],
    }),
    rejected: new Counter({
      name: 'hub_messages_rejected_total',
      help: 'Records rejected or set aside (dead letter), per kind and reason code',
      labelNames: ['kind', 'reason'],
      registers: [metricsRegistry],
    }),
    produced: new Counter({
      name: 'hub_messages_produced_total',
      help: 'Records produced by the handlers, per produced kind and topic',
      labelNames: ['kind', 'topic'],
      registers: [metricsRegistry],
    }),
    processing: new Histogram({
      name: 'hub_message_processing_seconds',
      help: 'Time a handler took for one record (retries in place included), per kind and outcome class',
      labelNames: ['kind', 'outcome'],
      buckets: PROCESSING_BUCKETS,
      registers: [metricsRegistry],
    }),
    consumerState: new Gauge({
      name: 'hub_consumer_state',
      help: "The state of the service's consumer loop: 1 for the current state, 0 for the others",
      labelNames: ['state'],
      registers: [metricsRegistry],
    }),
    commits: new Counter({
      name: 'hub_consumer_commits_total',
      help: 'Kafka transactions (records produced + offsets) committed by the consumer loop',
      registers: [metricsRegistry],
    }),
    transactionRecords: new Histogram({
      name: 'hub_consumer_transaction_records',
      help: 'Records consumed per Kafka transaction committed by the consumer loop',
      buckets: [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
      registers: [metricsRegistry],
    }),
    cycleStage: new Histogram({
      name: 'hub_consumer_cycle_stage_seconds',
      help: 'Time a consumer cycle spends per stage (fetch, queued, handle, wait_for_commit, commit)',
      labelNames: ['stage'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [metricsRegistry],
    }),
    offsetResets: new Counter({
      name: 'hub_consumer_offset_resets_total',
      help: 'Partitions whose committed offset was gone from the broker (records deleted by retention before the group read them), per group and topic',
      labelNames: ['group', 'topic'],
      registers: [metricsRegistry],
    }),
    http: new Histogram({
      name: 'hub_http_request_seconds',
      help: 'HTTP request time per route template, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [metricsRegistry],
    }),
  };
  return metrics;
}

/** A label value that cannot carry a CPR number and stays short. */
export function metricLabel(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return 'none';
  return redactCprInText(value).slice(0, 80);
}

/** `rejected:RECOMMENDATION_INCOMPLETE` → outcome class `rejected`, reason `RECOMMENDATION_INCOMPLETE`. */
export function splitOutcome(outcome: string): { outcome: string; reason: string | undefined } {
  const colon = outcome.indexOf(':');
  return colon < 0
    ? { outcome, reason: undefined }
    : { outcome: outcome.slice(0, colon), reason: outcome.slice(colon + 1) };
}

let defaultsStarted = false;

/** Names the service on every metric and adds Node.js process metrics; called by bootstrapService. */
export function startServiceMetrics(service: string): void {
  metricsRegistry.setDefaultLabels({ service: metricLabel(service) });
  if (defaultsStarted) return;
  defaultsStarted = true;
  collectDefaultMetrics({ register: metricsRegistry, prefix: 'hub_' });
}
