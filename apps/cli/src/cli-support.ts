import { Option } from 'commander';
import type { Kafka } from 'kafkajs';
import { createKafkaClient } from '@hub/kafka';
import type { PartyKind, PartyRef } from '@hub/contracts';

/** Exit codes: 0 done, 1 failed, 2 bad usage or input (Node CLI conventions). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {}

export const brokersOption = (): Option =>
  new Option('--brokers <list>', 'Kafka brokers, comma-separated host:port')
    .env('HUB_KAFKA_BROKERS')
    .default('127.0.0.1:19092');

export const jsonOption = (): Option =>
  new Option('--json', 'print machine-readable JSON (one object per line)');

export function kafkaFrom(brokers: string): Kafka {
  return createKafkaClient({
    clientId: 'hub-cli',
    brokers: brokers.split(',').map((b) => b.trim()),
    // Standard output is for results (and --json); the client's own complaints go to standard error.
    log: (level, entry) => process.stderr.write(`kafka ${level}: ${JSON.stringify(entry)}\n`),
  });
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
