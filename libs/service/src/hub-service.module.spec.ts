import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { APP_CONFIG, ConfigError, env, KAFKA_CONFIG } from '@hub/config';
import { HUB_CODEC, HubCodec, PRINCIPALS } from '@hub/contracts';
import { KAFKA_CLIENT } from '@hub/kafka';
import { READINESS_CHECKS } from '@hub/observability';
import type { HealthIndicatorFunction, TypeOrmHealthIndicator } from '@nestjs/terminus';

import { HubServiceModule, KafkaReadiness, readinessChecks } from './hub-service.module';

const PROBE_CONFIG = { ...KAFKA_CONFIG, PROBE_HTTP_PORT: env.port(), PROBE_LOG_LEVEL: env.logLevel() };

/** The module for a service without a database: nothing in it connects anywhere while it is built. */
const probeModule = (readiness: KafkaReadiness) =>
  HubServiceModule.forService({
    name: 'probe',
    config: PROBE_CONFIG,
    logLevel: (config) => config.PROBE_LOG_LEVEL,
    kafka: { principal: PRINCIPALS.ingress, readiness },
  });

describe('HubServiceModule.forService', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('provides the validated settings, the codec under the one HUB_CODEC token, the Kafka client and readiness', async () => {
    process.env.HUB_KAFKA_BROKERS = '127.0.0.1:1';
    process.env.PROBE_HTTP_PORT = '4321';
    const app = await Test.createTestingModule({ imports: [probeModule('broker')] }).compile();
    try {
      const config = app.get<{
        HUB_KAFKA_BROKERS: string[];
        PROBE_HTTP_PORT: number;
        PROBE_LOG_LEVEL: string;
      }>(APP_CONFIG);
      expect(config).toMatchObject({
        HUB_KAFKA_BROKERS: ['127.0.0.1:1'],
        PROBE_HTTP_PORT: 4321,
        PROBE_LOG_LEVEL: 'info',
      });
      expect(app.get<HubCodec>(HUB_CODEC).kinds()).toContain('events.ExchangeRouted');
      expect(app.get(KAFKA_CLIENT)).toBeDefined();
      expect(app.get<HealthIndicatorFunction[]>(READINESS_CHECKS)).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('refuses a bad setting, naming the variable', async () => {
    process.env.HUB_KAFKA_BROKERS = '127.0.0.1:1';
    process.env.PROBE_HTTP_PORT = 'abc';
    const compiling = Test.createTestingModule({ imports: [probeModule('none')] }).compile();
    await expect(compiling).rejects.toThrow(ConfigError);
    await expect(compiling).rejects.toThrow(/PROBE_HTTP_PORT: must be a port number/);
  });
});

describe('readinessChecks', () => {
  const kafka = { isReady: jest.fn(async () => ({ kafka: { status: 'up' as const } })) };
  const ping = { pingCheck: jest.fn(async () => ({ database: { status: 'up' as const } })) };
  const database = ping as unknown as TypeOrmHealthIndicator;
  beforeEach(() => jest.clearAllMocks());

  const run = async (checks: HealthIndicatorFunction[]): Promise<void> => {
    for (const check of checks) await check();
  };

  it('asks a consuming service for the broker and its consumer loop, and its database', async () => {
    const checks = readinessChecks('consumer', kafka, database);
    expect(checks).toHaveLength(2);
    await run(checks);
    expect(kafka.isReady).toHaveBeenCalledWith('kafka', { expectConsumer: true });
    expect(ping.pingCheck).toHaveBeenCalledWith('database', { timeout: 2_000 });
  });

  it('asks a producing service for the broker only', async () => {
    const checks = readinessChecks('broker', kafka);
    expect(checks).toHaveLength(1);
    await run(checks);
    expect(kafka.isReady).toHaveBeenCalledWith('kafka', { expectConsumer: false });
  });

  it('asks a service that must work without a broker for nothing', () => {
    expect(readinessChecks('none', kafka)).toEqual([]);
  });
});
