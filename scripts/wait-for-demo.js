#!/usr/bin/env node
// Waits until the demo's sample exchanges are in the exchange log, then prints them as a table.
// Usage: node scripts/wait-for-demo.js <monitor-port>   (reads the API key from .stack/<profile>/secrets.env)
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const port = Number(process.argv[2]);
const profile = process.env.HUB_STACK_PROFILE || 'demo';
const secrets = readFileSync(join(__dirname, '..', '.stack', profile, 'secrets.env'), 'utf8');
const apiKey = /^MONITOR_ADMIN_API_KEY=(.*)$/m.exec(secrets)[1];
const expected = Number(process.env.DEMO_EXPECTED_EXCHANGES || 1);

async function main() {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${port}/api/exchanges?limit=20`, {
      headers: { 'x-api-key': apiKey },
    });
    const { items } = await response.json();
    const settled = items.filter((row) => row.status !== 'routed');
    if (settled.length >= expected || Date.now() > deadline) {
      console.log('exchange log (newest first):');
      console.table(
        items.map((row) => ({
          kind: row.kind,
          from: `${row.senderKind}:${row.senderId}`,
          to: row.receivers.map((r) => `${r.kind}:${r.id}`).join(','),
          agreement: row.agreementId,
          status: row.status,
          findings: row.findings.map((f) => f.code).join(',') || '-',
        })),
      );
      if (settled.length < expected) process.exitCode = 1;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

main().catch((error) => {
  console.error(`waiting for the demo exchanges failed: ${error.message}`);
  process.exit(1);
});
