/**
 * The traffic generator as a library (for the benchmark and the tests): pure generation
 * (`generateWorkload`, `workloadMessages`) apart from publishing (`publishMessages`,
 * `produceWorkload`).
 */
export { COMPANIES, SCENARIOS } from './cast';
export type { Scenario, ScenarioId } from './cast';
export { cprForms } from './identities';
export { produceWorkload, producerSink, publishMessages, toRecord } from './publish';
export type { ProduceWorkloadOptions, PublishOptions, PublishResult, RecordSink } from './publish';
export type { Expectation } from './storylines';
export {
  DEFAULT_BAD_SHARE,
  DEFAULT_START_DATE,
  generateWorkload,
  resolveOptions,
  workloadMessages,
} from './workload';
export type { BadVariant, GeneratedMessage, Workload, WorkloadOptions } from './workload';
