#!/usr/bin/env node
// Installs the project's fix of kafkajs's aborted-transaction filter (patches/kafkajs/) into
// node_modules. Runs after every `npm install`/`npm ci` (postinstall) and from ensure-deps.sh;
// idempotent. The services refuse to start without it (libs/kafka/src/kafkajs-patch.ts), because
// their read-committed consumers would otherwise see records of aborted transactions.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const PATCHED_VERSION = '2.2.4';
const root = join(__dirname, '..');
const kafkajs = join(root, 'node_modules', 'kafkajs');

let version;
try {
  version = JSON.parse(readFileSync(join(kafkajs, 'package.json'), 'utf8')).version;
} catch {
  console.log('patch-kafkajs: kafkajs is not installed; nothing to patch');
  process.exit(0);
}
if (version !== PATCHED_VERSION) {
  console.error(
    `patch-kafkajs: kafkajs is ${version}, the patch in patches/kafkajs was written for ${PATCHED_VERSION}; ` +
      'check whether that version still filters aborted transactions wrongly, then update or drop the patch',
  );
  process.exit(1);
}
const target = join(kafkajs, 'src', 'consumer', 'filterAbortedMessages.js');
const fixed = readFileSync(join(root, 'patches', 'kafkajs', 'filterAbortedMessages.js'), 'utf8');
if (readFileSync(target, 'utf8') !== fixed) {
  writeFileSync(target, fixed);
  console.log('patch-kafkajs: installed the aborted-transaction filter fix into kafkajs', version);
}
