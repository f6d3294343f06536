import { Command, Option } from 'commander';
import { loadHubCodec, registerSchemas, SCHEMA_ID_FILE } from '@hub/contracts';

import { jsonOption, print, UsageError } from '../cli-support';

/** `hub schemas`: the hub's schemas in a schema registry (docs/wire-formats.md). */
export function schemasCommand(): Command {
  const schemas = new Command('schemas').description("the hub's Avro schemas and their schema-registry ids");
  schemas
    .command('register')
    .description(
      'register every schema the hub reads (each kind under its record name, released versions in order) in a schema registry with the Confluent-compatible API, and print the ids it gave them',
    )
    .addOption(
      new Option(
        '--registry <url>',
        'the registry API, e.g. http://127.0.0.1:23081/apis/ccompat/v7 (Apicurio Registry)',
      ).env('HUB_SCHEMA_REGISTRY_URL'),
    )
    .addOption(jsonOption())
    .action(async (options: { registry?: string; json?: boolean }) => {
      if (!options.registry) throw new UsageError('--registry (or HUB_SCHEMA_REGISTRY_URL) is required');
      const table = await registerSchemas(options.registry, loadHubCodec());
      for (const entry of table.entries()) {
        print(options.json === true, entry, `${entry.id}\t${entry.kind} version ${entry.version}`);
      }
    });
  schemas
    .command('ids')
    .description(
      `the committed schema-registry ids (schemas/${SCHEMA_ID_FILE}), for a hub without a registry`,
    )
    .addOption(jsonOption())
    .action((options: { json?: boolean }) => {
      for (const entry of loadHubCodec().schemaIdTable()?.entries() ?? []) {
        print(options.json === true, entry, `${entry.id}\t${entry.kind} version ${entry.version}`);
      }
    });
  return schemas;
}
