import { randomUUID } from 'node:crypto';

import { dataSourceOptions, migrate } from '@hub/persistence';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { stackSettings } from './local-stack';

/**
 * A schema of a spec's own in the stack's database, built by the hub's migrations (`migrate`, as
 * `hub db migrate` builds the real one). Connections opened through it find the hub's tables there
 * (their search_path is that schema alone), so a statement that reads a whole table, as an outbox
 * claim takes any due mail, sees only the spec's rows and never takes another spec's.
 */
export interface ScratchSchema {
  name: string;
  /** The stack's database URL with the schema as search_path. */
  url: string;
  /** A data source as a service opens one (dataSourceOptions), on the schema. Destroyed by drop(). */
  connect(applicationName: string): Promise<DataSource>;
  /** Destroys the data sources it opened and drops the schema with its rows. */
  drop(): Promise<void>;
}

export async function scratchSchema(label: string): Promise<ScratchSchema> {
  const base = stackSettings().databaseUrl;
  const name = `it_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomUUID().slice(0, 8)}`;
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${name}`);
  await withClient(base, (client) => client.query(`CREATE SCHEMA ${name}`));
  await migrate(url.toString());
  const opened: DataSource[] = [];
  return {
    name,
    url: url.toString(),
    async connect(applicationName) {
      const dataSource = await new DataSource(
        dataSourceOptions(url.toString(), applicationName),
      ).initialize();
      opened.push(dataSource);
      return dataSource;
    },
    async drop() {
      await Promise.all(opened.map((dataSource) => dataSource.destroy()));
      await withClient(base, (client) => client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`));
    },
  };
}

async function withClient(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url, application_name: 'it-scratch-schema' });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
