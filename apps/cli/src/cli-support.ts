import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

import { Option } from 'commander';
import {
  env,
  HUB_CLOCK_CONFIG,
  type HubClockConfig,
  hubClockProblems,
  kafkaSecurityOf,
  loadConfig,
} from '@hub/config';
import { createKafkaClient, type Kafka } from '@hub/kafka';
import { PRINCIPALS, type PartyKind, type PartyRef } from '@hub/contracts';

/** Exit codes: 0 done, 1 failed, 2 bad usage or input (Node CLI conventions). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {}

export const brokersOption = (): Option =>
  new Option('--brokers <list>', 'Kafka brokers, comma-separated host:port')
    .env('HUB_KAFKA_BROKERS')
    .default('127.0.0.1:19092');

export const jsonOption = (): Option =>
  new Option('--json', 'print machine-readable JSON (one object per line)');

/**
 * A Kafka client for the CLI, as `principal`: the operator (a super user on a secured broker) for
 * everything but `publish`, which sends as the partner itself so the broker's ACLs apply to it as
 * they would to that partner's own system. TLS and SCRAM come from HUB_KAFKA_CA_FILE and
 * HUB_KAFKA_CREDENTIALS_FILE (`infra/bin/stack env` prints both), as for the services.
 */
export function kafkaFrom(brokers: string, principal: string = PRINCIPALS.operator): Kafka {
  const brokerList = brokers.split(',').map((b) => b.trim());
  const settings = loadConfig(
    'hub',
    { HUB_KAFKA_CA_FILE: env.kafkaCaFile(), HUB_KAFKA_CREDENTIALS_FILE: env.kafkaCredentialsFile() },
    process.env,
  );
  return createKafkaClient({
    clientId: 'hub-cli',
    brokers: brokerList,
    security: kafkaSecurityOf('hub', { HUB_KAFKA_BROKERS: brokerList, ...settings }, principal),
    // Standard output is for results (and --json); the client's own complaints go to standard error.
    log: (level, entry) => process.stderr.write(`kafka ${level}: ${JSON.stringify(entry)}\n`),
  });
}

/**
 * HUB_ENVIRONMENT and HUB_INBOUND_TIMESTAMPS, validated as the services validate them (create-time is
 * refused in production): which timestamp type `topics create` gives the inbound topics, and whether
 * `publish` may set a record's time.
 */
export function hubClock(): HubClockConfig {
  return loadConfig('hub', HUB_CLOCK_CONFIG, process.env, hubClockProblems);
}

const PARTY_KINDS: readonly PartyKind[] = [
  'akasse',
  'jobcenter',
  'union',
  'company',
  'vitas',
  'jobag',
  'hub',
];

/** 'akasse:3F' → { kind: 'akasse', id: '3F' }. */
export function parseParty(text: string): PartyRef {
  const [kind, id] = text.split(':');
  if (!id || !PARTY_KINDS.includes(kind as PartyKind)) {
    throw new UsageError(
      `party must be KIND:ID with KIND one of ${PARTY_KINDS.join(', ')}, e.g. akasse:3F or jobcenter:707 (got "${text}")`,
    );
  }
  return { kind: kind as PartyKind, id };
}

export function print(json: boolean, value: unknown, human: string): void {
  process.stdout.write(`${json ? JSON.stringify(value) : human}\n`);
}

/**
 * A message given as JSON, in any of the forms people have at hand: `{"kind": ..., "value": {...}}`
 * (demo/samples), or the bare value (schemas/examples/<kind>.json) with the kind from --kind or from
 * the file name. '-' reads standard input.
 */
export function readMessageInput(
  file: string,
  kindOption: string | undefined,
): { kind: string; json: unknown } {
  const text = readFileSync(file === '-' ? 0 : file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const wrapped = parsed as { kind?: unknown; value?: unknown };
  if (typeof wrapped.kind === 'string' && wrapped.value !== undefined) {
    return { kind: kindOption ?? wrapped.kind, json: wrapped.value };
  }
  const fromName = /([a-z]+\.[A-Za-z]+)\.json$/.exec(basename(file))?.[1];
  const kind = kindOption ?? fromName;
  if (!kind)
    throw new UsageError(
      'the message kind is missing: give --kind, a "kind" field, or name the file <kind>.json',
    );
  return { kind, json: parsed };
}
