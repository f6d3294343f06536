import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { env as configEnv, kafkaSecurityOf, loadConfig } from '@hub/config';
import { PRINCIPALS } from '@hub/contracts';
import type { KafkaClientSecurity } from '@hub/kafka';

/**
 * The test profile of the local stack, as `npm test` brings it up (infra/bin/stack, profile "test").
 * Tests talk to the real Kafka, PostgreSQL and SMTP sink through these settings.
 */
export const REPO_ROOT = join(__dirname, '..', '..');
export const PROFILE = process.env.HUB_TEST_PROFILE ?? 'test';

const run = (command: string, args: string[], env: Record<string, string> = {}): string =>
  execFileSync(join(REPO_ROOT, command), args, {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, HUB_STACK_PROFILE: PROFILE, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

function parseEnv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]] = match[2];
  }
  return values;
}

export interface StackSettings {
  brokers: string;
  databaseUrl: string;
  mailUiUrl: string;
  /** The SMTP sink's mail folder: one .eml file per mail it received (faults/mail-sink.ts reads it). */
  mailDir: string;
  smtpUrl: string;
  /** What a Kafka client needs besides the brokers on a secured profile (empty on a plaintext one). */
  kafkaEnv: Record<string, string>;
  /** The schema registry's Confluent-compatible API, when the profile runs one (HUB_SCHEMA_REGISTRY). */
  schemaRegistryUrl?: string;
  /** HUB_ENVIRONMENT and HUB_INBOUND_TIMESTAMPS of the profile: whose clock stamps inbound records. */
  clockEnv: Record<string, string>;
}

let cachedSettings: StackSettings | undefined;

export function stackSettings(): StackSettings {
  // The stack's settings do not change while a test file runs; `infra/bin/stack env` costs a process.
  if (cachedSettings) return cachedSettings;
  const env = parseEnv(run('infra/bin/stack', ['env']));
  const kafkaEnv: Record<string, string> = {};
  for (const key of ['HUB_KAFKA_CA_FILE', 'HUB_KAFKA_CREDENTIALS_FILE']) {
    if (env[key]) kafkaEnv[key] = env[key];
  }
  const clockEnv: Record<string, string> = {};
  for (const key of ['HUB_ENVIRONMENT', 'HUB_INBOUND_TIMESTAMPS']) {
    if (env[key]) clockEnv[key] = env[key];
  }
  cachedSettings = {
    brokers: env.HUB_KAFKA_BROKERS,
    databaseUrl: env.HUB_DATABASE_URL,
    mailUiUrl: env.HUB_MAIL_UI_URL,
    mailDir: join(env.HUB_STACK_DIR, 'smtp', 'mail'),
    smtpUrl: env.HUB_SMTP_URL,
    kafkaEnv,
    ...(env.HUB_SCHEMA_REGISTRY_URL ? { schemaRegistryUrl: env.HUB_SCHEMA_REGISTRY_URL } : {}),
    clockEnv,
  };
  return cachedSettings;
}

/**
 * Brokers and security for a test's own Kafka client, as `principal`: by default the operator, a
 * super user on the secured profiles, since tests create, read and delete what they like.
 */
export function stackKafka(principal: string = PRINCIPALS.operator): {
  brokers: string[];
  security?: KafkaClientSecurity;
} {
  const settings = stackSettings();
  const brokers = settings.brokers.split(',');
  const config = loadConfig(
    'test',
    {
      HUB_KAFKA_CA_FILE: configEnv.kafkaCaFile(),
      HUB_KAFKA_CREDENTIALS_FILE: configEnv.kafkaCredentialsFile(),
    },
    settings.kafkaEnv,
  );
  return { brokers, security: kafkaSecurityOf('test', { HUB_KAFKA_BROKERS: brokers, ...config }, principal) };
}

export function assertStackUp(): void {
  try {
    run('infra/bin/stack', ['status']);
  } catch {
    throw new Error('the test stack is not running: run the suite with `npm test` (it brings the stack up)');
  }
}

export type StackService = 'kafka' | 'postgres' | 'smtp';

const runAsync = async (command: string, args: string[]): Promise<string> =>
  (
    await promisify(execFile)(join(REPO_ROOT, command), args, {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, HUB_STACK_PROFILE: PROFILE },
    })
  ).stdout;

/**
 * One service of the stack stopped, killed or started again as an operator would (infra/bin/stack
 * stop|kill|start), without blocking the test's own clients meanwhile: a Kafka start takes seconds.
 */
export const stackService = {
  start: (service: StackService): Promise<string> => runAsync('infra/bin/stack', ['start', service]),
  stop: (service: StackService): Promise<string> => runAsync('infra/bin/stack', ['stop', service]),
  kill: (service: StackService): Promise<string> => runAsync('infra/bin/stack', ['kill', service]),
};

/** The hub's services from dist/, started the way an operator does (infra/bin/hub-services). */
export const hubServices = {
  up: (services: string[] = [], env: Record<string, string> = {}): void => {
    if (services.length === 0) run('infra/bin/hub-services', ['up'], env);
    for (const service of services) run('infra/bin/hub-services', ['up', service], env);
  },
  down: (services: string[] = []): void => {
    if (services.length === 0) run('infra/bin/hub-services', ['down']);
    for (const service of services) run('infra/bin/hub-services', ['down', service]);
  },
  env: (service: string): Record<string, string> => parseEnv(run('infra/bin/hub-services', ['env', service])),
  pid: (service: string): number =>
    Number(readFileSync(join(REPO_ROOT, '.stack', PROFILE, 'services', `${service}.pid`), 'utf8')),
  url: (service: string, path: string): string => {
    const env = parseEnv(run('infra/bin/hub-services', ['env', service]));
    const port = Object.entries(env).find(([key]) => key.endsWith('_HTTP_PORT'))?.[1];
    return `http://127.0.0.1:${port}${path}`;
  },
};

/** The operator CLI from dist/, as a person runs it; returns stdout. */
export function hubCli(args: string[], env: Record<string, string> = {}): string {
  return execFileSync('node', [join(REPO_ROOT, 'dist/apps/cli/src/main.js'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...stackSettings().kafkaEnv, ...stackSettings().clockEnv, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    // `hub tail` over a busy topic prints a lot.
    maxBuffer: 256 * 1024 * 1024,
  });
}
