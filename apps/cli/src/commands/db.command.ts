import { Command, Option } from 'commander';
import { migrate } from '@hub/persistence';

import { jsonOption, print } from '../cli-support';

export function dbCommand(): Command {
  const db = new Command('db').description('database administration');
  db.command('migrate')
    .description('apply pending migrations (safe to run from several places at once)')
    .addOption(
      new Option('--database-url <url>', 'postgres:// URL').env('HUB_DATABASE_URL').makeOptionMandatory(),
    )
    .addOption(jsonOption())
    .action(async (options: { databaseUrl: string; json?: boolean }) => {
      const applied = await migrate(options.databaseUrl);
      print(
        options.json === true,
        { applied },
        applied.length > 0
          ? `applied ${applied.length} migration(s): ${applied.join(', ')}`
          : 'database is up to date',
      );
    });
  return db;
}
