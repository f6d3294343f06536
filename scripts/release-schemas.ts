/**
 * Releases schema versions: every message kind whose schema changed (in anything that affects reading;
 * doc-only edits are not a version) since its latest released version is snapshotted, self-contained,
 * as schemas/history/<kind>/<next>.avsc; a kind never released becomes version 1. The codec then reads
 * messages written with it, and the compatibility check compares every later change against it.
 *
 * Every released version also gets its schema-registry id in schemas/registry-ids.json (ids are
 * only ever added), so partners using schema-registry framing can write it (docs/wire-formats.md).
 *
 * An incompatible change is not released: the script lists the offending fields and exits 1 (make a
 * new kind or a new topic version instead, see schemas/README.md).
 *
 *   npx ts-node --transpile-only scripts/release-schemas.ts            write the new versions
 *   npx ts-node --transpile-only scripts/release-schemas.ts --dry-run  only list them
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { MessageCodec } from '../libs/contracts/src/codec/message-codec';
import {
  extendSchemaIds,
  readSchemaIdFile,
  SCHEMA_ID_FILE,
  schemaIdFileText,
} from '../libs/contracts/src/codec/schema-ids';
import { loadSchemaSource } from '../libs/contracts/src/codec/schema-loader';
import { historyFileText, planRelease } from '../libs/contracts/src/compat/release';
import { formatProblem } from '../libs/contracts/src/compat/schema-compat';
import { findRepoRoot } from '../libs/contracts/src/repo-paths';

function main(): void {
  const schemasDir = join(findRepoRoot(__dirname), 'schemas');
  const dryRun = process.argv.includes('--dry-run');
  const plan = planRelease(loadSchemaSource(schemasDir));
  if (plan.blocked.length > 0) {
    console.error('Not released: these changes are incompatible with the latest released version.');
    for (const { kind, problems } of plan.blocked) {
      for (const problem of problems) console.error(`  ${formatProblem(kind, problem)}`);
    }
    process.exit(1);
  }
  if (plan.releases.length === 0) {
    console.log('Nothing to release: every kind matches its latest released version.');
    if (!dryRun) writeSchemaIds(schemasDir);
    return;
  }
  for (const release of plan.releases) {
    const file = join(schemasDir, release.file);
    if (!dryRun) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, historyFileText(release.schema), { flag: 'wx' }); // Never overwrite a release.
    }
    console.log(
      `${dryRun ? 'would release' : 'released'} ${release.kind} version ${release.version} (schemas/${release.file})`,
    );
  }
  if (!dryRun) writeSchemaIds(schemasDir);
}

/** Gives every released version that has no schema-registry id yet the next one. */
function writeSchemaIds(schemasDir: string): void {
  const file = join(schemasDir, SCHEMA_ID_FILE);
  const existing = readSchemaIdFile(file, `schemas/${SCHEMA_ID_FILE}`)?.entries() ?? [];
  const released = MessageCodec.load(schemasDir)
    .writerSchemas()
    .filter((writer) => writer.version !== 'current')
    .sort((a, b) => a.kind.localeCompare(b.kind) || Number(a.version) - Number(b.version))
    .map(({ kind, version, fingerprint }) => ({ kind, version, fingerprint }));
  const entries = extendSchemaIds(existing, released);
  if (entries.length === existing.length) return;
  writeFileSync(file, schemaIdFileText(entries));
  for (const entry of entries.slice(existing.length)) {
    console.log(`schema id ${entry.id}: ${entry.kind} version ${entry.version} (schemas/${SCHEMA_ID_FILE})`);
  }
}

main();
