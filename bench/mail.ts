/**
 * How fast the notifier's outbox empties into a real SMTP server: BENCH_MAILS mails recorded in
 * `mail_outbox`, then the notifier's own sender (apps/notifier/src/outbox, its loop as the service
 * runs it: claim a batch, send over the SMTP pool, settle each mail) works them off to the stack's
 * SMTP sink (maildev), once per connection count in BENCH_MAIL_CONNECTIONS (default `1,5,10`; the
 * first is the baseline of the ratios). Every run checks that each mail arrived exactly once (by
 * Message-ID in the sink's mail folder). The sink is emptied before each run, so a run does not pay
 * for the mails of the one before. NotificationSent events are collected, not published: Kafka is
 * not what is measured.
 *
 *   npm run bench:mail                         # fresh bench stack, then this
 *   node dist/bench/mail.js                    # against the stack whose `infra/bin/stack env` is in the environment
 *
 * BENCH_MAIL_SENDER=<a built outbox-sender.service.js> measures another build's sender the same way
 * (once, its own settings), e.g. the one before a change.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

import { Logger } from '@nestjs/common';
import { loadHubCodec } from '@hub/contracts';
import type { HubProducer } from '@hub/kafka';
import { dataSourceOptions, MailOutboxRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';

import type { DigestComposer } from '../apps/notifier/src/digest/digest-composer.service';
import { NOTIFIER_CONFIG } from '../apps/notifier/src/notifier.config';
import { OutboxSender, OutboxSenderConfig } from '../apps/notifier/src/outbox/outbox-sender.service';
import { receivedByMessageId } from '../faults/mail-sink';

const log = (text: string): void =>
  void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface MailRun {
  sender: string;
  connections: number | null;
  mails: number;
  seconds: number;
  perSecond: number;
  /** Mails not received exactly once by the sink. */
  notExactlyOnce: number;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: source the stack's settings (infra/bin/stack env) first`);
  return value;
}

async function emptySink(mailUiUrl: string, mailDir: string): Promise<void> {
  const response = await fetch(`${mailUiUrl}/email/all`, { method: 'DELETE' });
  if (!response.ok) throw new Error(`the mail sink answered ${response.status} to emptying it`);
  const left = (): number =>
    existsSync(mailDir) ? readdirSync(mailDir).filter((file) => file.endsWith('.eml')).length : 0;
  for (let waited = 0; left() > 0; waited += 100) {
    if (waited > 30_000) throw new Error('the mail sink kept its mails 30 s after being emptied');
    await sleep(100);
  }
}

async function measure(
  db: DataSource,
  name: string,
  Sender: typeof OutboxSender,
  config: OutboxSenderConfig,
  mails: number,
  env: { mailUiUrl: string; mailDir: string },
): Promise<MailRun> {
  await emptySink(env.mailUiUrl, env.mailDir);
  const ids = Array.from({ length: mails }, () => randomUUID());
  // Recorded before the clock starts, in chunks (one statement has at most 65,535 parameters).
  for (let start = 0; start < ids.length; start += 1_000) {
    await MailOutboxRepository.record(
      db.manager,
      ids.slice(start, start + 1_000).map((mailId, n) => ({
        mailId,
        mailbox: `jobcenter-${(start + n) % 50}@norddjurs.dk`,
        subject: `Ny besked til handling: indstilling om tidligt tilbud – ref. ${mailId.slice(0, 8).toUpperCase()}`,
        bodyText: 'Der er kommet en indstilling om tidligt tilbud, som I skal behandle.\n'.repeat(20),
        bodyHtml: `<p>${'Der er kommet en indstilling om tidligt tilbud, som I skal behandle. '.repeat(20)}</p>`,
        messageIds: [randomUUID()],
      })),
    );
  }
  const producer = { send: async () => undefined } as unknown as HubProducer;
  const digests = { composeDue: async () => 0 } as unknown as DigestComposer;
  const sender = new Sender(db, producer, digests, loadHubCodec(), config);
  const started = process.hrtime.bigint();
  sender.onApplicationBootstrap();
  for (;;) {
    const [{ unsent }] = await db.query<{ unsent: string }[]>(
      `SELECT count(*) AS unsent FROM mail_outbox WHERE mail_id = ANY($1::uuid[]) AND status <> 'sent'`,
      [ids],
    );
    if (Number(unsent) === 0) break;
    await sleep(50);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await sender.onApplicationShutdown();
  const received = receivedByMessageId(env.mailDir);
  const notExactlyOnce = ids.filter((id) => received.get(`<${id}@hub.invalid>`) !== 1).length;
  return {
    sender: name,
    connections: name === 'this build' ? config.NOTIFIER_SMTP_CONNECTIONS : null,
    mails,
    seconds,
    perSecond: mails / seconds,
    notExactlyOnce,
  };
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']); // One line per mail sent would be most of the run's output.
  const mails = Number(process.env.BENCH_MAILS ?? '2000');
  const connectionCounts = (process.env.BENCH_MAIL_CONNECTIONS ?? '1,5,10').split(',').map(Number);
  const env = {
    mailUiUrl: required('HUB_MAIL_UI_URL'),
    mailDir: join(required('HUB_STACK_DIR'), 'smtp', 'mail'),
  };
  const db = await new DataSource(dataSourceOptions(required('HUB_DATABASE_URL'), 'bench-mail')).initialize();
  const unsent = await db.query<{ n: string }[]>(
    `SELECT count(*) AS n FROM mail_outbox WHERE status IN ('pending', 'sending')`,
  );
  if (Number(unsent[0].n) > 0) {
    throw new Error(
      `the outbox holds ${unsent[0].n} unsent mails already: run on a fresh stack (npm run bench:mail)`,
    );
  }
  const defaults = NOTIFIER_CONFIG;
  const config = (connections: number, run: string): OutboxSenderConfig => ({
    HUB_SMTP_URL: required('HUB_SMTP_URL'),
    NOTIFIER_FROM: defaults.NOTIFIER_FROM.parse(undefined),
    NOTIFIER_POLL_MS: defaults.NOTIFIER_POLL_MS.parse(undefined),
    NOTIFIER_SEND_BATCH: defaults.NOTIFIER_SEND_BATCH.parse(undefined),
    NOTIFIER_SMTP_CONNECTIONS: connections,
    NOTIFIER_SMTP_MAX_MESSAGES: defaults.NOTIFIER_SMTP_MAX_MESSAGES.parse(undefined),
    NOTIFIER_SMTP_RETRY_MAX_MS: defaults.NOTIFIER_SMTP_RETRY_MAX_MS.parse(undefined),
    NOTIFIER_SENDING_TIMEOUT_MS: defaults.NOTIFIER_SENDING_TIMEOUT_MS.parse(undefined),
    NOTIFIER_INSTANCE_ID: `bench-mail-${run}`,
  });

  const runs: MailRun[] = [];
  const other = process.env.BENCH_MAIL_SENDER;
  if (other) {
    log(`${mails} mails, the sender of ${other}`);
    const loaded = (await import(other)) as { OutboxSender: typeof OutboxSender };
    runs.push(await measure(db, 'other build', loaded.OutboxSender, config(1, 'other'), mails, env));
  }
  for (const connections of connectionCounts) {
    log(`${mails} mails, ${connections} SMTP connection(s)`);
    runs.push(
      await measure(db, 'this build', OutboxSender, config(connections, String(connections)), mails, env),
    );
  }
  await db.destroy();

  const baseline = runs.find((r) => r.sender === 'this build') ?? runs[0];
  process.stdout.write(
    `\n| sender | SMTP connections | mails | seconds | mails/s | × ${baseline.connections} connection(s) | not exactly once |\n` +
      '| --- | --- | --- | --- | --- | --- | --- |\n',
  );
  for (const r of runs) {
    process.stdout.write(
      `| ${r.sender} | ${r.connections ?? '-'} | ${r.mails} | ${r.seconds.toFixed(1)} | ${r.perSecond.toFixed(0)} | ` +
        `${(r.perSecond / baseline.perSecond).toFixed(2)} | ${r.notExactlyOnce === 0 ? 'none' : r.notExactlyOnce} |\n`,
    );
  }
  process.stdout.write(
    `\nbatch ${NOTIFIER_CONFIG.NOTIFIER_SEND_BATCH.parse(undefined)} per pass; sink: maildev; CPUs: ${cpus().length}\n`,
  );
  if (runs.some((r) => r.notExactlyOnce > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
