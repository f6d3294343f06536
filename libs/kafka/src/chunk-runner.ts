import { Logger } from '@nestjs/common';
import { isTransient, PermanentError } from '@hub/common';
import { HEADERS, readCorrelationIdHeader } from '@hub/contracts';
import { hubMetrics, metricLabel, splitOutcome } from '@hub/observability';

import { ChunkEntry, ChunkHandlerFn } from './chunk-handler';
import { ConsumerStatus } from './consumer-status';
import { deadLetterRecord } from './dead-letter';
import { ConsumedRecord, HandlerResult, OutgoingRecord } from './records';
import { OUTPUT_TOO_LARGE, outputTooLargeText, oversizedRecord } from './record-limits';
import { LoopControl, Retrier } from './retrier';

export interface Dispatch {
  /** The handler pattern, normally the message kind. */
  pattern: string;
  data: unknown;
}

export interface DecodedItem {
  record: ConsumedRecord;
  dispatch: Dispatch;
}

export interface HandledItem extends DecodedItem {
  result: HandlerResult;
}

/**
 * Optional work around each chunk, such as the router's deduplication: `screen` runs before any
 * handler and names records not to handle at all; `confirm` runs after the handlers and before the
 * Kafka commit and names handled records whose output must be dropped. Both see the whole chunk, so
 * a store behind them is asked once per chunk, not once per message. A failure in either is retried
 * in place (the chunk cannot go on without it), and shows as a stall if it lasts.
 */
export interface ChunkGuard {
  screen(items: readonly DecodedItem[]): Promise<ReadonlySet<DecodedItem>>;
  confirm(items: readonly HandledItem[]): Promise<ReadonlySet<HandledItem>>;
}

export interface ChunkRunnerOptions {
  handlers: ReadonlyMap<string, ChunkHandlerFn>;
  /** Validates and decodes a record (the one place that does); throws if it cannot. */
  decode(record: ConsumedRecord): Dispatch;
  /** Where a record that cannot be decoded or handled goes (dead letter, receipt, event). */
  onPoison(record: ConsumedRecord, error: unknown): OutgoingRecord[];
  guard?: ChunkGuard;
  status: ConsumerStatus;
  retrier: Retrier;
}

type Item = DecodedItem | { record: ConsumedRecord; poisoned: OutgoingRecord[] };

const EMPTY: ReadonlySet<never> = new Set<never>();
const isDecoded = (item: Item): item is DecodedItem => 'dispatch' in item;

/**
 * Turns a chunk of consumed records into what to produce for them: decodes each, lets the guard
 * screen the chunk, hands runs of consecutive records to their handlers (one call per run, not per
 * record), lets the guard confirm, and counts every record's outcome. Transient failures are retried
 * in place; a run failing for good is handled again record by record so that only the records that
 * cannot be processed take the poison path, each with its own reason.
 */
export class ChunkRunner {
  private readonly log = new Logger(ChunkRunner.name);

  constructor(private readonly options: ChunkRunnerOptions) {}

  /** Every required pattern has a handler; throws naming those without. */
  checkHandlers(requiredPatterns: readonly string[]): void {
    const missing = requiredPatterns.filter((pattern) => !this.options.handlers.has(pattern));
    if (missing.length > 0) throw new Error(`no handler for message kind(s): ${missing.join(', ')}`);
  }

  /**
   * The records to produce for each consumed record, in the same order; undefined when the loop
   * stopped while waiting to retry (nothing may be committed then).
   */
  async run(
    records: readonly ConsumedRecord[],
    control: LoopControl,
  ): Promise<OutgoingRecord[][] | undefined> {
    if (records.length === 0) return [];
    const { guard, retrier } = this.options;
    const items: Item[] = records.map((record) => this.decode(record));
    const decoded = items.filter(isDecoded);
    const at = records[0];

    const skipped = guard ? await retrier.untilDone(() => guard.screen(decoded), at, control) : EMPTY;
    if (skipped === undefined) return undefined;
    const toHandle = decoded.filter((item) => !skipped.has(item));
    const results = await this.handleAll(toHandle, control);
    if (results === undefined) return undefined;
    const handled: HandledItem[] = toHandle.map((item, index) => ({ ...item, result: results[index] }));
    const dropped = guard ? await retrier.untilDone(() => guard.confirm(handled), at, control) : EMPTY;
    if (dropped === undefined) return undefined;

    const byRecord = new Map<ConsumedRecord, HandledItem>(handled.map((item) => [item.record, item]));
    const tally = new Tally();
    const outgoing = items.map((item): OutgoingRecord[] => {
      if (!isDecoded(item)) {
        tally.add('undecodable', 'poison');
        return item.poisoned;
      }
      const done = byRecord.get(item.record);
      if (!done || dropped.has(done)) {
        tally.add(item.dispatch.pattern, 'duplicate');
        return [];
      }
      tally.add(item.dispatch.pattern, done.result.outcome);
      return done.result.records;
    });
    tally.flush(this.options.status);
    countProduced(outgoing);
    return outgoing;
  }

  private decode(record: ConsumedRecord): Item {
    try {
      return { record, dispatch: this.options.decode(record) };
    } catch (error) {
      return { record, poisoned: this.poison(record, 'undecodable', error) };
    }
  }

  /** Runs of consecutive items with the same handler, each handed over in one call. */
  private async handleAll(
    items: readonly DecodedItem[],
    control: LoopControl,
  ): Promise<HandlerResult[] | undefined> {
    const results: HandlerResult[] = [];
    let start = 0;
    while (start < items.length) {
      const handler = this.options.handlers.get(items[start].dispatch.pattern);
      if (!handler) {
        const { record, dispatch } = items[start];
        const error = new Error(`no handler for ${dispatch.pattern}`);
        results.push({ outcome: 'poison', records: this.poison(record, dispatch.pattern, error) });
        start += 1;
        continue;
      }
      let end = start + 1;
      while (end < items.length && this.options.handlers.get(items[end].dispatch.pattern) === handler)
        end += 1;
      const run = await this.handleRun(handler, items.slice(start, end), control);
      if (run === undefined) return undefined;
      results.push(...run);
      start = end;
    }
    return results;
  }

  private async handleRun(
    handler: ChunkHandlerFn,
    run: readonly DecodedItem[],
    control: LoopControl,
  ): Promise<HandlerResult[] | undefined> {
    const entries: ChunkEntry[] = run.map(({ record, dispatch }) => ({
      data: dispatch.data,
      record,
      pattern: dispatch.pattern,
    }));
    const startedAt = Date.now();
    for (let attempt = 1; ; attempt += 1) {
      const began = process.hrtime.bigint();
      try {
        const results = await handler(entries);
        if (results.length !== run.length) {
          throw new Error(`handler returned ${results.length} results for ${run.length} records`);
        }
        this.options.retrier.succeeded(attempt);
        observeProcessing(run, results, Number(process.hrtime.bigint() - began) / 1e9);
        return results.map((result, index) => this.withinRecordLimit(run[index], result));
      } catch (error) {
        if (!isTransient(error)) return this.isolate(handler, run, error, control);
        if (!(await this.options.retrier.wait(attempt, startedAt, error, run[0].record, control))) {
          return undefined;
        }
      }
    }
  }

  /**
   * A run failed for good: its records are handled one at a time, so only those that fail alone
   * take the poison path (and the others are not held back by them).
   */
  private async isolate(
    handler: ChunkHandlerFn,
    run: readonly DecodedItem[],
    error: unknown,
    control: LoopControl,
  ): Promise<HandlerResult[] | undefined> {
    if (run.length === 1) {
      const [{ record, dispatch }] = run;
      return [{ outcome: 'poison', records: this.poison(record, dispatch.pattern, error) }];
    }
    const results: HandlerResult[] = [];
    for (const item of run) {
      const single = await this.handleRun(handler, [item], control);
      if (single === undefined) return undefined;
      results.push(...single);
    }
    return results;
  }

  /** A result with a record the broker would refuse goes to the poison path instead (record-limits.ts). */
  private withinRecordLimit(item: DecodedItem, result: HandlerResult): HandlerResult {
    const oversized = oversizedRecord(result.records);
    if (!oversized) return result;
    const error = new PermanentError(
      OUTPUT_TOO_LARGE,
      `handling it would produce ${outputTooLargeText(oversized)}`,
    );
    return { outcome: 'poison', records: this.poison(item.record, item.dispatch.pattern, error) };
  }

  private poison(record: ConsumedRecord, pattern: string, error: unknown): OutgoingRecord[] {
    this.log.warn({
      msg: 'record cannot be processed; sending it to the poison path',
      pattern,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      // Only a well-formed one: the header is the partner's bytes (binary, NUL, any length).
      correlationId: correlationIdOf(record),
      error: logText(error instanceof Error ? error.message : String(error)),
    });
    const records = this.options.onPoison(record, error);
    const oversized = oversizedRecord(records);
    if (!oversized) return records;
    // The app's poison output is over the limit itself (a reason text that quotes too much): a bare
    // dead letter instead, which is always within it (its value cut, its reason short), so the
    // partition still moves on and the record is still visible and replayable.
    this.log.error({
      msg: 'the poison path produced a record over the limit; sending a bare dead letter instead',
      pattern,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      oversized: outputTooLargeText(oversized),
    });
    return [
      deadLetterRecord(record, {
        code: OUTPUT_TOO_LARGE,
        text: `its poison path would produce ${outputTooLargeText(oversized)}; the original reason: ${reasonCodeOf(error)}`,
      }),
    ];
  }
}

/** The most characters of an error a log line quotes: a reason may quote much of a message. */
const LOGGED_ERROR_CHARS = 2_000;
const logText = (text: string): string =>
  text.length > LOGGED_ERROR_CHARS ? `${text.slice(0, LOGGED_ERROR_CHARS)}…` : text;

/** The reason code an error carries (PermanentError, the codec's errors), or its class name. */
function reasonCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown';
}

function correlationIdOf(record: ConsumedRecord): string | undefined {
  const reading = readCorrelationIdHeader(record.rawHeaders[HEADERS.correlationId]);
  return reading?.ok ? reading.value : undefined;
}

/** Outcomes counted per (pattern, outcome) for a chunk and published at once. */
class Tally {
  private readonly counts = new Map<string, { pattern: string; outcome: string; count: number }>();

  add(pattern: string, outcome: string): void {
    const key = `${pattern}\u0000${outcome}`;
    const entry = this.counts.get(key);
    if (entry) entry.count += 1;
    else this.counts.set(key, { pattern, outcome, count: 1 });
  }

  flush(status: ConsumerStatus): void {
    for (const { pattern, outcome, count } of this.counts.values()) status.count(pattern, outcome, count);
  }
}

/** A run's handling time, shared out evenly over its records (the histogram stays per record). */
function observeProcessing(
  run: readonly DecodedItem[],
  results: readonly HandlerResult[],
  seconds: number,
): void {
  const perRecord = seconds / run.length;
  const histogram = hubMetrics().processing;
  const children = new Map<string, ReturnType<typeof histogram.labels>>();
  run.forEach((item, index) => {
    const outcome = metricLabel(splitOutcome(results[index]?.outcome ?? 'handled').outcome);
    const key = `${item.dispatch.pattern}\u0000${outcome}`;
    let child = children.get(key);
    if (!child) {
      child = histogram.labels({ kind: metricLabel(item.dispatch.pattern), outcome });
      children.set(key, child);
    }
    child.observe(perRecord);
  });
}

function countProduced(outgoing: readonly OutgoingRecord[][]): void {
  const counts = new Map<string, { kind: string; topic: string; count: number }>();
  for (const records of outgoing) {
    for (const record of records) {
      const produced = record.headers?.['hub-kind'];
      const kind = metricLabel(produced === undefined ? undefined : String(produced));
      const key = `${kind}\u0000${record.topic}`;
      const entry = counts.get(key);
      if (entry) entry.count += 1;
      else counts.set(key, { kind, topic: metricLabel(record.topic), count: 1 });
    }
  }
  const produced = hubMetrics().produced;
  for (const { kind, topic, count } of counts.values()) produced.inc({ kind, topic }, count);
}
