import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root, found by walking up from this file to the folder that holds package.json
 * and schemas/. Works the same from the TypeScript sources (tests) and from dist/ (services).
 */
export function findRepoRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schemas'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the hub's repository root above ${start}`);
    dir = parent;
  }
}

export function defaultSchemasDir(): string {
  return join(findRepoRoot(), 'schemas');
}

/**
 * The hub's release version: package.json's, the one place it is written. Services report it in
 * their health answer, logs and OpenAPI documents, and the router stamps it on its receipts.
 */
export const HUB_VERSION: string = (
  JSON.parse(readFileSync(join(findRepoRoot(), 'package.json'), 'utf8')) as { version: string }
).version;
