import { Client, ClientConfig } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';

import { DeliveryQueueEntry } from './delivery-queue/delivery-queue.entity';
import { MailOutboxEntry } from './mail-outbox/mail-outbox.entity';
import { InitialSchema1763800000000 } from './migrations/1763800000000-initial-schema';
import { MessageClaims1763850000000 } from './migrations/1763850000000-message-claims';
import { DeliveryQueue1763900000000 } from './migrations/1763900000000-delivery-queue';
import { NotificationDigest1763950000000 } from './migrations/1763950000000-notification-digest';
import { ExchangeLogMonitoring1764000000000 } from './migrations/1764000000000-exchange-log-monitoring';
import { ExchangeLogPurged1764000000001 } from './migrations/1764000000001-exchange-log-purged';
import { DeliveryQueueSealed1764100000000 } from './migrations/1764100000000-delivery-queue-sealed';
import { DeliveryParking1764200000000 } from './migrations/1764200000000-delivery-parking';
import { MailSending1764200000001 } from './migrations/1764200000001-mail-sending';

/**
 * The tables some code reads or writes through TypeORM's query builder. The exchange log has none:
 * its repositories (exchange-log/) speak SQL, and its schema is the migrations'.
 */
export const ENTITIES = [MailOutboxEntry, DeliveryQueueEntry];
export const MIGRATIONS = [
  InitialSchema1763800000000,
  MessageClaims1763850000000,
  DeliveryQueue1763900000000,
  NotificationDigest1763950000000,
  ExchangeLogMonitoring1764000000000,
  ExchangeLogPurged1764000000001,
  DeliveryQueueSealed1764100000000,
  DeliveryParking1764200000000,
  MailSending1764200000001,
];

/**
 * pg's client, never without a listener for its `error` event. pg-pool hands a new connection over
 * (taking its own listener off) in the same turn in which the connection's first messages are read,
 * and TypeORM listens only a moment later; a session the server ended right after its start-up (a
 * restart: `pg_ctl stop -m fast`, pg_terminate_backend) emitted `error` with no one listening, an
 * unhandled 'error' event that killed the service. Nothing is lost by listening here: pg marks the
 * client not queryable before it emits, so its next query fails (a transient error, retried) and the
 * pool drops it when it comes back.
 */
export class ListenedPgClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/** Schema changes only through migrations (never synchronize), applied by `hub db migrate`. */
export function dataSourceOptions(url: string, applicationName: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    applicationName,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'all',
    extra: { max: 10, connectionTimeoutMillis: 5_000, Client: ListenedPgClient },
  };
}

/** Applies pending migrations; returns the names applied. Takes an advisory lock so instances can race. */
export async function migrate(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, 'hub-migrate'));
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock(727001)');
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.query('SELECT pg_advisory_unlock(727001)').catch(() => undefined);
    await dataSource.destroy();
  }
}

/** Fails fast with a clear message when the database is behind the code. */
export async function assertMigrated(dataSource: DataSource): Promise<void> {
  if (await dataSource.showMigrations()) {
    throw new Error('the database has pending migrations: run `npm run hub -- db migrate` first');
  }
}
