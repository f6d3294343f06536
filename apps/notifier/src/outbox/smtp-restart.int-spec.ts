import { randomUUID } from 'node:crypto';

import { Logger } from '@nestjs/common';
import { loadHubCodec } from '@hub/contracts';
import type { HubProducer } from '@hub/kafka';
import { dataSourceOptions, MailOutboxRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';

import { receivedByMessageId } from '../../../../faults/mail-sink';
import { eventually } from '../../../../test/support/eventually';
import { stackService, stackSettings } from '../../../../test/support/local-stack';
import { setAsideUnsentMails } from '../../../../test/support/mail-sink';
import type { DigestComposer } from '../digest/digest-composer.service';
import { OutboxSender, OutboxSenderConfig } from './outbox-sender.service';

interface OutboxRow {
  mail_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

/**
 * The pool of SMTP connections across a restart of the SMTP server (the stack's maildev stopped
 * and started as an operator would, `infra/bin/stack stop|start smtp`) while the sender's own loop
 * is working off a backlog: the connections the server closed are replaced, the mails recorded
 * while it is away wait with their reason, and once it is back every mail arrives exactly once,
 * counted by Message-ID in the sink's mail folder (whole mails: a cut file is a mail maildev never
 * accepted, see isWholeMail in faults/mail-sink.ts).
 */
describe(`${OutboxSender.name} across an SMTP server restart`, () => {
  const stack = stackSettings();
  const run = randomUUID().slice(0, 8);
  const producer = { send: async () => undefined } as unknown as HubProducer;
  const digests = { composeDue: async () => 0 } as unknown as DigestComposer;
  let db: DataSource;
  let sender: OutboxSender;

  const config: OutboxSenderConfig = {
    HUB_SMTP_URL: stack.smtpUrl,
    NOTIFIER_FROM: 'Integrationshubben <noreply@hub.invalid>',
    NOTIFIER_POLL_MS: 200,
    NOTIFIER_SEND_BATCH: 20,
    NOTIFIER_SMTP_CONNECTIONS: 3,
    // Connections are renewed every 10 mails, so a server that is stopping (it serves the
    // connections it has, accepts no new ones) is drained quickly.
    NOTIFIER_SMTP_MAX_MESSAGES: 10,
    NOTIFIER_SMTP_RETRY_MAX_MS: 1_000,
    NOTIFIER_SENDING_TIMEOUT_MS: 60_000,
    NOTIFIER_INSTANCE_ID: `it-restart-${run}`,
  };

  async function record(count: number, wave: string): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    await MailOutboxRepository.record(
      db.manager,
      ids.map((mailId, n) => ({
        mailId,
        mailbox: 'jobcenter@norddjurs.dk',
        subject: `smtp-restart-${run}-${wave}-${n}`,
        bodyText: 'test',
        bodyHtml: '<p>test</p>',
        messageIds: [randomUUID()],
      })),
    );
    return ids;
  }

  const rows = (ids: string[]): Promise<OutboxRow[]> =>
    db.query<OutboxRow[]>(
      'SELECT mail_id, status, attempts, last_error FROM mail_outbox WHERE mail_id = ANY($1::uuid[])',
      [ids],
    );

  beforeAll(async () => {
    Logger.overrideLogger(false); // The sender's lines; the assertions say what matters.
    db = await new DataSource(dataSourceOptions(stack.databaseUrl, 'it-smtp-restart')).initialize();
    await setAsideUnsentMails(db, 'smtp-restart.int-spec');
    sender = new OutboxSender(db, producer, digests, loadHubCodec(), config);
  });

  afterAll(async () => {
    await stackService.start('smtp'); // whatever happened, the sink is back for the next suite
    await sender.onApplicationShutdown();
    await db.destroy();
  });

  it('replaces the connections the restart closed, and every mail arrives exactly once', async () => {
    const before = await record(150, 'before');
    sender.onApplicationBootstrap();
    await eventually('the sender under way', async () =>
      (await rows(before)).filter((row) => row.status === 'sent').length >= 30 ? true : undefined,
    );

    await stackService.stop('smtp');
    // The rest of the backlog and the mails recorded while the server is away wait, retried, with
    // the reason.
    const during = await record(30, 'during');
    const waiting = await eventually('mails waiting for the SMTP server with its reason', async () => {
      const found = (await rows([...before, ...during])).filter(
        (row) => row.status === 'pending' && row.attempts >= 1 && row.last_error !== null,
      );
      return found.length > 0 ? found : undefined;
    });
    for (const row of waiting)
      expect(row.last_error).toMatch(/ECONNREFUSED|ECONNRESET|EPIPE|connect|closed|socket/i);

    await stackService.start('smtp');
    const after = await record(30, 'after');
    const ids = [...before, ...during, ...after];
    await eventually(
      'every mail sent once the server is back',
      async () => ((await rows(ids)).every((row) => row.status === 'sent') ? true : undefined),
      { timeoutMs: 60_000 },
    );
    const received = receivedByMessageId(stack.mailDir);
    expect(ids.map((id) => received.get(`<${id}@hub.invalid>`) ?? 0)).toEqual(ids.map(() => 1));
  });
});
