import { randomUUID } from 'node:crypto';

import { Logger } from '@nestjs/common';
import { loadHubCodec } from '@hub/contracts';
import type { HubProducer } from '@hub/kafka';
import { dataSourceOptions, MailOutboxRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';

import { eventually } from '../../../../test/support/eventually';
import { hubCli, stackSettings } from '../../../../test/support/local-stack';
import { setAsideUnsentMails } from '../../../../test/support/mail-sink';
import { ScriptedSmtpServer, ScriptedSmtpOptions } from '../../../../test/support/scripted-smtp';
import type { DigestComposer } from '../digest/digest-composer.service';
import { outboxCounters } from './outbox-metrics';
import { OutboxSender, OutboxSenderConfig } from './outbox-sender.service';

interface OutboxRow {
  mail_id: string;
  mailbox: string;
  status: string;
  attempts: number;
  last_error: string | null;
  sending_by: string | null;
}

/**
 * The sender's pooled, concurrent sending on the real PostgreSQL, against an SMTP server the test
 * scripts (test/support/scripted-smtp.ts): NOTIFIER_SMTP_CONNECTIONS mails at once over as many
 * reused connections, passes that go on while there is work, a mail refused for good set aside with
 * its reason while a deferred one waits, and a batch that never outlives its lease.
 */
describe(`${OutboxSender.name} with a pool of SMTP connections`, () => {
  const stack = stackSettings();
  const run = randomUUID().slice(0, 8);
  const producer = { send: async () => undefined } as unknown as HubProducer;
  const digests = { composeDue: async () => 0 } as unknown as DigestComposer;
  const servers: ScriptedSmtpServer[] = [];
  const senders: OutboxSender[] = [];
  let db: DataSource;

  async function scriptedServer(options: ScriptedSmtpOptions = {}): Promise<[ScriptedSmtpServer, string]> {
    const server = new ScriptedSmtpServer(options);
    servers.push(server);
    return [server, await server.start()];
  }

  function sender(smtpUrl: string, settings: Partial<OutboxSenderConfig> = {}): OutboxSender {
    const config: OutboxSenderConfig = {
      HUB_SMTP_URL: smtpUrl,
      NOTIFIER_FROM: 'Integrationshubben <noreply@hub.invalid>',
      NOTIFIER_POLL_MS: 60_000, // Passes are run by the test unless it starts the loop.
      NOTIFIER_SEND_BATCH: 100,
      NOTIFIER_SMTP_CONNECTIONS: 3,
      NOTIFIER_SMTP_MAX_MESSAGES: 100,
      NOTIFIER_SMTP_RETRY_MAX_MS: 1_000,
      NOTIFIER_SENDING_TIMEOUT_MS: 60_000,
      NOTIFIER_INSTANCE_ID: `it-pool-${run}-${senders.length}`,
      ...settings,
    };
    const created = new OutboxSender(db, producer, digests, loadHubCodec(), config);
    senders.push(created);
    return created;
  }

  /** Records mails to `mailboxes` (one each), returning their ids in the same order. */
  async function record(mailboxes: string[]): Promise<string[]> {
    const ids = mailboxes.map(() => randomUUID());
    await MailOutboxRepository.record(
      db.manager,
      mailboxes.map((mailbox, index) => ({
        mailId: ids[index],
        mailbox,
        subject: `pool-${run}`,
        bodyText: 'test',
        bodyHtml: '<p>test</p>',
        messageIds: [randomUUID()],
      })),
    );
    return ids;
  }

  const mailboxes = (count: number, name = 'jobcenter'): string[] =>
    Array.from({ length: count }, (_, n) => `${name}-${n}@norddjurs.dk`);

  async function rows(ids: string[]): Promise<OutboxRow[]> {
    return db.query<OutboxRow[]>(
      `SELECT mail_id, mailbox, status, attempts, last_error, sending_by FROM mail_outbox
        WHERE mail_id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** How many times the server accepted each of `ids`, by Message-ID. */
  const timesAccepted = (server: ScriptedSmtpServer, ids: string[]): number[] =>
    ids.map((id) => server.accepted.filter((mail) => mail.messageId === `<${id}@hub.invalid>`).length);

  beforeAll(async () => {
    Logger.overrideLogger(false); // The senders' lines; the assertions say what matters.
    db = await new DataSource(dataSourceOptions(stack.databaseUrl, 'it-outbox-pool')).initialize();
    // Every pass here claims this run's mails only.
    await setAsideUnsentMails(db, 'outbox-sender-pool.int-spec');
  });

  afterAll(async () => {
    await Promise.all(senders.map((created) => created.onApplicationShutdown()));
    await Promise.all(servers.map((server) => server.stop()));
    await db.destroy();
  });

  it('sends NOTIFIER_SMTP_CONNECTIONS mails at once over as many reused connections, each mail once', async () => {
    const [server, url] = await scriptedServer({ dataDelayMs: 100 });
    const ids = await record(mailboxes(30));
    const pass = await sender(url, { NOTIFIER_SMTP_CONNECTIONS: 3 }).runOnce();

    expect(pass).toEqual({ claimed: 30, sent: 30, moreWork: false });
    expect((await rows(ids)).map((row) => row.status)).toEqual(ids.map(() => 'sent'));
    expect(timesAccepted(server, ids)).toEqual(ids.map(() => 1));
    // Three at a time, never more, over three connections kept open (not one per mail).
    expect(server.mostMailsInProgress).toBe(3);
    expect(server.connectionsOpened).toBe(3);
  });

  it('opens a fresh connection after NOTIFIER_SMTP_MAX_MESSAGES mails on one', async () => {
    const [server, url] = await scriptedServer();
    const ids = await record(mailboxes(12));
    await sender(url, { NOTIFIER_SMTP_CONNECTIONS: 1, NOTIFIER_SMTP_MAX_MESSAGES: 5 }).runOnce();

    expect(timesAccepted(server, ids)).toEqual(ids.map(() => 1));
    expect(server.connectionsOpened).toBe(3);
    expect(server.mostMailsInProgress).toBe(1);
  });

  it('keeps passing while there is work: the poll interval only applies to an empty outbox', async () => {
    const [server, url] = await scriptedServer();
    const ids = await record(mailboxes(35));
    // Batches of 10 and a poll interval of a minute: only passes that follow each other at once
    // send 35 mails within the time limit.
    const looping = sender(url, { NOTIFIER_SEND_BATCH: 10, NOTIFIER_POLL_MS: 60_000 });
    looping.onApplicationBootstrap();
    await eventually(
      'every mail sent by consecutive passes',
      async () => ((await rows(ids)).every((row) => row.status === 'sent') ? true : undefined),
      { timeoutMs: 20_000 },
    );
    expect(timesAccepted(server, ids)).toEqual(ids.map(() => 1));
    await looping.onApplicationShutdown();
  });

  it('sets a mail the server refuses for good aside as failed with its reason; a deferred one waits; the rest go', async () => {
    const deferredOnce = new Set<string>();
    const [server, url] = await scriptedServer({
      recipientReply: (address) => {
        if (address.startsWith('refused')) return '550 5.1.1 no such mailbox here';
        if (address.startsWith('deferred') && !deferredOnce.has(address)) {
          deferredOnce.add(address);
          return '451 4.7.1 greylisted, try again later';
        }
        return '250 OK';
      },
    });
    const refusedBefore = (await outboxCounters().refused.get()).values[0]?.value ?? 0;
    const [refused, deferred, ...others] = await record([
      'refused@norddjurs.dk',
      'deferred@norddjurs.dk',
      ...mailboxes(6),
    ]);
    const refusing = sender(url);
    await refusing.runOnce();

    const [refusedRow] = await rows([refused]);
    expect(refusedRow).toMatchObject({ status: 'failed', attempts: 1, sending_by: null });
    expect(refusedRow.last_error).toContain('550 5.1.1 no such mailbox here');
    expect((await outboxCounters().refused.get()).values[0]?.value).toBe(refusedBefore + 1);
    const [deferredRow] = await rows([deferred]);
    expect(deferredRow).toMatchObject({ status: 'pending', attempts: 1 });
    expect(deferredRow.last_error).toContain('451 4.7.1');
    expect((await rows(others)).map((row) => row.status)).toEqual(others.map(() => 'sent'));

    // Later passes send the deferred mail once its retry is due, and never the refused one again.
    await eventually(
      'the deferred mail sent on a later pass',
      async () => {
        await refusing.runOnce();
        return (await rows([deferred]))[0].status === 'sent' ? true : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 300 },
    );
    await refusing.runOnce();
    expect(await rows([refused])).toEqual([expect.objectContaining({ status: 'failed', attempts: 1 })]);
    expect(timesAccepted(server, [refused, deferred, ...others])).toEqual([0, 1, ...others.map(() => 1)]);

    // The operator sees it with the server's answer, and sends it again once the mailbox is fixed.
    const database = { HUB_DATABASE_URL: stack.databaseUrl };
    const listed = hubCli(['mails', 'failed', '--json'], database)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { mailId: string; mailbox: string; reason: string });
    const entry = listed.find((mail) => mail.mailId === refused);
    expect(entry?.mailbox).toBe('refused@norddjurs.dk');
    expect(entry?.reason).toContain('550 5.1.1 no such mailbox here');
    expect(JSON.parse(hubCli(['mails', 'retry', '--id', refused, '--json'], database))).toEqual({
      retried: [refused],
      notFailed: [],
    });
    const [, fixedUrl] = await scriptedServer();
    await sender(fixedUrl).runOnce();
    expect(await rows([refused])).toEqual([expect.objectContaining({ status: 'sent', attempts: 2 })]);
  });

  it('gives back the mails of a batch it cannot start within half the lease, rather than send them late', async () => {
    // One connection, a server that takes 700 ms a mail, a lease of 2 s: a mail not started within
    // the first second of the claim waits for the next pass.
    const [server, url] = await scriptedServer({ dataDelayMs: 700 });
    const ids = await record(mailboxes(6));
    const slow = sender(url, { NOTIFIER_SMTP_CONNECTIONS: 1, NOTIFIER_SENDING_TIMEOUT_MS: 2_000 });
    const pass = await slow.runOnce();

    expect(pass.claimed).toBe(6);
    expect(pass.sent).toBeGreaterThanOrEqual(1);
    expect(pass.sent).toBeLessThanOrEqual(2);
    expect(pass.moreWork).toBe(true); // The rest are due at once.
    const after = await rows(ids);
    const sent = after.filter((row) => row.status === 'sent');
    const givenBack = after.filter((row) => row.status !== 'sent');
    expect(sent).toHaveLength(pass.sent);
    for (const row of givenBack)
      expect(row).toMatchObject({ status: 'pending', attempts: 0, sending_by: null });
    expect(
      server.accepted.filter((mail) => ids.some((id) => mail.messageId === `<${id}@hub.invalid>`)),
    ).toHaveLength(pass.sent);
  });
});
