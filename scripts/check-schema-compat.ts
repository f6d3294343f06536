/**
 * Checks every message kind's current schema against its released versions (schemas/history):
 * backward against every version, forward against the latest. Prints each problem with the field it
 * is about and exits 1 if there is any. The unit tests run the same check
 * (libs/contracts/src/compat/schema-history.spec.ts).
 *
 *   npx ts-node --transpile-only scripts/check-schema-compat.ts
 */
import { join } from 'node:path';

import { loadSchemaSource } from '../libs/contracts/src/codec/schema-loader';
import {
  checkSchemaHistory,
  formatProblem,
  unreleasedKinds,
} from '../libs/contracts/src/compat/schema-compat';
import { findRepoRoot } from '../libs/contracts/src/repo-paths';

function main(): void {
  const results = checkSchemaHistory(loadSchemaSource(join(findRepoRoot(__dirname), 'schemas')));
  const problems = results.flatMap(({ kind, problems: found }) =>
    found.map((problem) => formatProblem(kind, problem)),
  );
  for (const line of problems) console.error(line);
  const unreleased = unreleasedKinds(results);
  if (unreleased.length > 0) {
    console.warn(`Never released (run scripts/release-schemas.ts): ${unreleased.join(', ')}`);
  }
  if (problems.length > 0) process.exit(1);
  console.log(`${results.length - unreleased.length} kinds are compatible with their released versions.`);
}

main();
