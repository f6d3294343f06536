/**
 * Generates, from schemas/:
 *   libs/contracts/src/generated/messages.ts  one TypeScript type per Avro named type and the
 *                                             MessageTypes map, so a wrong payload does not compile;
 *   schemas/README.md                         every kind with its topic, sender, receivers, seed
 *                                             clause, fields and example (schemas/examples).
 * Both are formatted with the repository's prettier settings. `--check` renders in memory and fails
 * when a committed file differs (the unit tests run it), so neither can drift from the schemas.
 *
 *   npm run contracts:generate
 *   npm run contracts:check
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import * as prettier from 'prettier';

import { loadSchemaSource } from '../libs/contracts/src/codec/schema-loader';
import { findRepoRoot } from '../libs/contracts/src/repo-paths';
import { renderContractTypes } from '../libs/contracts/src/tooling/contract-types';
import { renderSchemaReadme } from '../libs/kinds/src/tooling/schema-readme';

async function formatted(file: string, text: string): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // A missing file is a difference like any other.
  }
}

async function main(): Promise<void> {
  const root = findRepoRoot(__dirname);
  const schemasDir = join(root, 'schemas');
  const { kinds } = loadSchemaSource(schemasDir);
  const outputs = [
    { file: join(root, 'libs/contracts/src/generated/messages.ts'), text: renderContractTypes(kinds) },
    { file: join(schemasDir, 'README.md'), text: renderSchemaReadme(schemasDir) },
  ];
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { file, text } of outputs) {
    const output = await formatted(file, text);
    const name = relative(root, file);
    if (check) {
      if (readOrEmpty(file) !== output) {
        console.error(
          `${name} is out of date with schemas/: run \`npm run contracts:generate\` and commit it.`,
        );
        stale += 1;
      }
    } else {
      writeFileSync(file, output);
      console.log(`wrote ${name}`);
    }
  }
  if (stale > 0) process.exit(1);
  if (check)
    console.log(`contract types and schemas/README.md are in sync with schemas/ (${kinds.length} kinds)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
