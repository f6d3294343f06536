/**
 * The exchange-log projection alone, without Kafka: N synthetic hub events (default 20,000, the mix of
 * bench/projection-events.ts) applied through the monitor's chunk handler in chunks of 500, as the
 * consumer loop hands them over, against the database in HUB_DATABASE_URL (migrated). Prints events/s.
 *   node dist/bench/projection.js [count]
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/projection.ts [count]
 * The events use fresh ids, so runs against a shared database add rows and disturb nothing else.
 */
import { Logger } from '@nestjs/common';
import { TOPICS } from '@hub/contracts';
import type { ChunkEntry, ConsumedRecord } from '@hub/kafka';
import { dataSourceOptions } from '@hub/persistence';
import { createKafkaClient } from '@hub/kafka';
import { DataSource } from 'typeorm';

import { ConsumerLagService } from '../apps/monitor/src/lag/consumer-lag.service';
import { MonitorMetrics } from '../apps/monitor/src/monitor.metrics';
import { ExchangeLogProjection } from '../apps/monitor/src/projection/exchange-log.projection';
import { MonitorClock } from '../apps/monitor/src/reference/monitor-clock';
import { MonitorReference } from '../apps/monitor/src/reference/monitor-reference';
import { ProjectedEvent, syntheticEvents } from './projection-events';

export const PROJECTION_CHUNK_SIZE = 500;
/** The monitor consumes this many partitions of the events topic (the records only say which). */
const PARTITIONS = 6;

export interface ProjectionMeasurement {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/** Chunk entries as the consumer loop builds them: decoded value, its record, its kind. */
export function chunkEntries(events: readonly ProjectedEvent[], firstOffset = 0): ChunkEntry[] {
  return events.map((event, index) => {
    const record: ConsumedRecord = {
      topic: TOPICS.events,
      partition: index % PARTITIONS,
      offset: String(firstOffset + index),
      key: null,
      value: null,
      headers: {},
      timestamp: Date.now(),
      rawHeaders: {},
    };
    return { data: event.value, record, pattern: event.kind };
  });
}

/** The projection as the monitor builds it, on its own pool; the metrics are never scraped here. */
export function projectionOn(dataSource: DataSource): ExchangeLogProjection {
  // The lag service's Kafka client connects only when the lag gauge is scraped, which never happens here.
  const lag = new ConsumerLagService(
    createKafkaClient({ clientId: 'bench-projection', brokers: ['127.0.0.1:9'] }),
  );
  const metrics = new MonitorMetrics(dataSource, new MonitorClock(), lag);
  return new ExchangeLogProjection(dataSource, MonitorReference.load({}), metrics);
}

export async function measureProjection(databaseUrl: string, count: number): Promise<ProjectionMeasurement> {
  const events = syntheticEvents(count);
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl, 'bench-projection')).initialize();
  try {
    const projection = projectionOn(dataSource);
    const started = process.hrtime.bigint();
    for (let offset = 0; offset < events.length; offset += PROJECTION_CHUNK_SIZE) {
      await projection.project(chunkEntries(events.slice(offset, offset + PROJECTION_CHUNK_SIZE), offset));
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { events: events.length, seconds, eventsPerSecond: Math.round(events.length / seconds) };
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  const count = Number(process.argv[2] ?? process.env.BENCH_PROJECTION_EVENTS ?? 20_000);
  const databaseUrl = process.env.HUB_DATABASE_URL;
  if (!databaseUrl) throw new Error('HUB_DATABASE_URL is not set (source <(infra/bin/stack env))');
  Logger.overrideLogger(['error']);
  measureProjection(databaseUrl, count).then(
    (result) =>
      void process.stdout.write(
        `projection: ${result.events} events in ${result.seconds.toFixed(1)} s: ${result.eventsPerSecond} events/s\n`,
      ),
    (error: unknown) => {
      process.stderr.write(`projection benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
