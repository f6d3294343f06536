#!/usr/bin/env node
// The demo's progress reports.
//   node scripts/wait-for-demo.js <monitor-port>
//     waits until the sample exchanges are in the exchange log, then prints them as a table (reads
//     the API key from .stack/<profile>/secrets.env).
//   node scripts/wait-for-demo.js --deliveries <simulator-port>
//     waits until a simulated partner of each kind the hub delivers to (a-kasse, jobcenter, union,
//     company) has received a document, then prints what each kind received.
//   node scripts/wait-for-demo.js --traffic <simulator-port>
//     waits until the simulated traffic flows and a partner has answered, then prints what each
//     simulated partner received and answered, and how many caseworker mails the sink holds
//     (HUB_MAIL_UI_URL, from `infra/bin/stack env`).
//   node scripts/wait-for-demo.js --exchange <monitor-port> <message-id>
//     waits until that message is in the exchange log past routing, then prints its row (the demo's
//     message that came in over HTTPS, through the ingress).
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const profile = process.env.HUB_STACK_PROFILE || 'demo';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function exchanges(port) {
  const secrets = readFileSync(join(__dirname, '..', '.stack', profile, 'secrets.env'), 'utf8');
  const apiKey = /^MONITOR_ADMIN_API_KEY=(.*)$/m.exec(secrets)[1];
  const expected = Number(process.env.DEMO_EXPECTED_EXCHANGES || 1);
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
    await sleep(500);
  }
}

function apiKey() {
  const secrets = readFileSync(join(__dirname, '..', '.stack', profile, 'secrets.env'), 'utf8');
  return /^MONITOR_ADMIN_API_KEY=(.*)$/m.exec(secrets)[1];
}

async function exchange(port, messageId) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${port}/api/exchanges/${messageId}`, {
      headers: { 'x-api-key': apiKey() },
    });
    const row = response.status === 200 ? await response.json() : undefined;
    if ((row && row.status !== 'routed') || Date.now() > deadline) {
      if (!row) throw new Error(`message ${messageId} is not in the exchange log after 60 s`);
      console.log(
        `in the exchange log: ${row.kind} from ${row.senderKind}:${row.senderId} to ` +
          `${row.receivers.map((r) => `${r.kind}:${r.id}`).join(',')}, agreement ${row.agreementId}, status ${row.status}`,
      );
      return;
    }
    await sleep(500);
  }
}

async function traffic(port) {
  const base = `http://127.0.0.1:${port}`;
  const get = async (path) => (await fetch(`${base}${path}`)).json();
  const deadline = Date.now() + 30_000;
  let run;
  let partners;
  for (;;) {
    run = (await get('/traffic')).run;
    partners = (await get('/partners')).partners;
    const answered = partners.some((p) => p.answered > 0);
    const enough = run && (run.state !== 'running' || run.published >= Math.min(run.count, 20));
    if ((enough && answered) || (run && run.state === 'failed') || Date.now() > deadline) break;
    await sleep(1_000);
  }
  if (!run) throw new Error('the simulator has no traffic run');
  console.log(
    `traffic ${run.state}: ${run.published} of ${run.count} messages published at ${run.rate}/s (seed ${run.seed}), ` +
      `simulated ${run.startDate} → ${(run.simulatedUntil || run.startDate).slice(0, 10)}; it goes on in the background.`,
  );
  if (run.error) console.log(`traffic error: ${run.error}`);
  console.table(partners.map((p) => ({ partner: p.partner, received: p.received, answered: p.answered })));
  if (process.env.HUB_MAIL_UI_URL) {
    const mails = await (await fetch(`${process.env.HUB_MAIL_UI_URL}/email`)).json();
    console.log(`caseworker mails at the mail sink so far: ${mails.length} (${process.env.HUB_MAIL_UI_URL})`);
  }
  if (run.state === 'failed') process.exitCode = 1;
}

const PARTNER_KINDS = ['akasse', 'jobcenter', 'union', 'company'];

async function deliveries(port) {
  const deadline = Date.now() + 60_000;
  let partners;
  for (;;) {
    partners = (await (await fetch(`http://127.0.0.1:${port}/partners`)).json()).partners;
    const kindsReached = new Set(partners.filter((p) => p.received > 0).map((p) => p.partner.split(':')[0]));
    if (PARTNER_KINDS.every((kind) => kindsReached.has(kind)) || Date.now() > deadline) break;
    await sleep(500);
  }
  console.log('delivered to the simulated partners, per kind:');
  console.table(
    PARTNER_KINDS.map((kind) => {
      const ofKind = partners.filter((p) => p.partner.startsWith(`${kind}:`));
      return {
        kind,
        partners: ofKind.map((p) => p.partner.slice(kind.length + 1)).join(', ') || '-',
        documents: ofKind.reduce((sum, p) => sum + p.received, 0),
      };
    }),
  );
  if (
    !PARTNER_KINDS.every((kind) => partners.some((p) => p.partner.startsWith(`${kind}:`) && p.received > 0))
  ) {
    process.exitCode = 1;
  }
}

const main =
  process.argv[2] === '--traffic'
    ? traffic(Number(process.argv[3]))
    : process.argv[2] === '--exchange'
      ? exchange(Number(process.argv[3]), process.argv[4])
      : process.argv[2] === '--deliveries'
        ? deliveries(Number(process.argv[3]))
        : exchanges(Number(process.argv[2]));
main.catch((error) => {
  console.error(`waiting for the demo failed: ${error.message}`);
  process.exit(1);
});
