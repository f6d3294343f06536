#!/usr/bin/env node
// Applies the project's changes to npm packages (patches/*.patch, one reviewable diff per change,
// made and applied with patch-package) to node_modules. Runs after every `npm install`/`npm ci`
// (postinstall) and from ensure-deps.sh; idempotent, since patch-package records which patches a
// package already has. The install fails when a patch does not apply or was written for another
// version of its package: patch-package alone would only warn locally, and a kafkajs without the
// fixes shows read-committed consumers aborted records (libs/kafka/src/kafkajs-patch.ts refuses
// to start then, but the install is the place to learn it).
'use strict';
const { spawnSync } = require('node:child_process');
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const patchDir = join(root, 'patches');

const applied = spawnSync(
  process.execPath,
  [require.resolve('patch-package'), '--error-on-fail', '--error-on-warn'],
  { cwd: root, stdio: 'inherit' },
);
if (applied.status === 0) {
  process.exit(0);
}

/** Package name and version a patch file was made for, from patch-package's file naming. */
function patchTarget(file) {
  const parts = file.replace(/(\.dev)?\.patch$/, '').split('+');
  return parts[0].startsWith('@')
    ? { name: `${parts[0]}/${parts[1]}`, version: parts[2] }
    : { name: parts[0], version: parts[1] };
}

function installedVersion(name) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

const lines = [
  '',
  'apply-patches: the patches in patches/ were not all applied, so this install is refused.',
];
const mismatched = readdirSync(patchDir)
  .filter((file) => file.endsWith('.patch'))
  .map((file) => ({ file, ...patchTarget(file) }))
  .map((patch) => ({ ...patch, installed: installedVersion(patch.name) }))
  .filter(({ version, installed }) => version !== installed);
for (const { file, name, version, installed } of mismatched) {
  lines.push(`  ${file} was written for ${name} ${version}, but ${name} ${installed} is installed.`);
}
if (mismatched.length) {
  lines.push(
    '  Read what each patch fixes and check whether the new version still needs it; then remake the',
    '  patch for it (edit node_modules, `npx patch-package <name> --append <change>`) or delete it,',
    '  and update the start-up check in libs/kafka/src/kafkajs-patch.ts to match.',
  );
} else {
  lines.push(
    '  The versions match, so node_modules holds an older state of the patches or was edited:',
    '  reinstall it (`rm -rf node_modules && npm ci`).',
  );
}
console.error(lines.join('\n'));
process.exit(applied.status ?? 1);
