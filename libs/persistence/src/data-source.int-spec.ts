import { randomUUID } from 'node:crypto';

import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { isTransient } from '@hub/common';
import { stackSettings } from '../../../test/support/local-stack';
import { classifyDatabaseError } from './database-errors';
import { dataSourceOptions } from './data-source';

/** How long sessions are ended under the workers' feet: long enough for many fresh connections to be hit. */
const TERMINATING_MS = 8_000;

/**
 * A service's database connections ended by the server while it works, as a PostgreSQL restart
 * ends them (pg_terminate_backend sends the same FATAL 57P01 as `pg_ctl stop -m fast`). The service
 * must see failed queries it can retry, never an exception that kills the process: pg-pool hands a
 * new connection over in the same turn in which its first messages are read, and a session ended
 * right after its start-up reached pg's client before anyone listened for its errors.
 */
describe('a data source whose sessions the server ends', () => {
  const url = stackSettings().databaseUrl;
  const applicationName = `it-terminated-${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;
  let killer: Client;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown): void => {
    uncaught.push(error);
  };

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    dataSource = await new DataSource(dataSourceOptions(url, applicationName)).initialize();
    killer = new Client({ connectionString: url, application_name: `${applicationName}-killer` });
    await killer.connect();
  });

  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await killer?.end();
    await dataSource?.destroy();
  });

  it('fails the queries it cuts short as transient, crashes nothing, and works again once left alone', async () => {
    let terminating = true;
    const outcomes = { succeeded: 0, transient: 0, permanent: [] as string[] };
    const worker = async (): Promise<void> => {
      while (terminating) {
        try {
          await dataSource.transaction(async (db) => {
            await db.query('SELECT 1');
            await db.query('SELECT pg_sleep(0.005)');
          });
          outcomes.succeeded += 1;
        } catch (error) {
          const classified = classifyDatabaseError(error, 'a transaction');
          if (isTransient(classified)) outcomes.transient += 1;
          else outcomes.permanent.push(classified.message);
        }
      }
    };
    const workers = Array.from({ length: 6 }, () => worker());
    let terminated = 0;
    const until = Date.now() + TERMINATING_MS;
    while (Date.now() < until) {
      const { rows } = await killer.query<{ n: number }>(
        'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      );
      terminated += rows[0].n;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    terminating = false;
    await Promise.all(workers);

    expect(uncaught).toEqual([]);
    // The sessions were really cut mid-work, and every failure was one to retry.
    expect(terminated).toBeGreaterThan(20);
    expect(outcomes.transient).toBeGreaterThan(0);
    expect(outcomes.permanent).toEqual([]);
    // Left alone, the pool serves again: dead connections were dropped, not handed out.
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    }
  });
});
