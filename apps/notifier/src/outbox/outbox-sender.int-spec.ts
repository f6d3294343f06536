import { randomUUID } from 'node:crypto';

import { Logger } from '@nestjs/common';
import { loadHubCodec } from '@hub/contracts';
import type { HubProducer, OutgoingRecord } from '@hub/kafka';
import { dataSourceOptions, MailOutboxRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';

import { eventually } from '../../../../test/support/eventually';
import { stackSettings } from '../../../../test/support/local-stack';
import { capturedMails, CapturedMail } from '../../../../test/support/mail-sink';
import type { DigestComposer } from '../digest/digest-composer.service';
import { outboxCounters } from './outbox-metrics';
import { OutboxSender, OutboxSenderConfig } from './outbox-sender.service';

interface OutboxRow {
  mail_id: string;
  status: string;
  sending_by: string | null;
  resends: number;
  attempts: number;
}

/**
 * The notifier's sending states on the real PostgreSQL and SMTP sink: a mail is marked `sending`
 * (committed) before SMTP and settled `sent` after, two instances never send the same mail, and a
 * mail the SMTP server took but whose settling the database refused is neither lost nor sent twice
 * silently: no one sends it while its mark is fresh, and once the mark is older than the sending
 * timeout it is sent again, counted in the row and the metric.
 */
describe(OutboxSender.name, () => {
  const stack = stackSettings();
  const run = randomUUID().slice(0, 8);
  const published: OutgoingRecord[] = [];
  const producer = { send: async (records: OutgoingRecord[]) => void published.push(...records) };
  const digests = { composeDue: async () => 0 } as unknown as DigestComposer;
  const sendingTimeoutMs = 4_000;
  const dataSources: DataSource[] = [];
  const senders: OutboxSender[] = [];
  let db: DataSource;

  const config = (instance: string): OutboxSenderConfig => ({
    HUB_SMTP_URL: stack.smtpUrl,
    NOTIFIER_FROM: 'Integrationshubben <noreply@hub.invalid>',
    NOTIFIER_POLL_MS: 60_000, // Passes are run by the test, not the timer.
    NOTIFIER_SEND_BATCH: 50,
    NOTIFIER_SMTP_CONNECTIONS: 5,
    NOTIFIER_SMTP_MAX_MESSAGES: 100,
    NOTIFIER_SMTP_RETRY_MAX_MS: 1_000,
    NOTIFIER_SENDING_TIMEOUT_MS: sendingTimeoutMs,
    NOTIFIER_INSTANCE_ID: instance,
  });

  async function record(subjects: string[]): Promise<string[]> {
    const ids = subjects.map(() => randomUUID());
    await MailOutboxRepository.record(
      db.manager,
      subjects.map((subject, index) => ({
        mailId: ids[index],
        mailbox: 'jobcenter@norddjurs.dk',
        subject,
        bodyText: 'test',
        bodyHtml: '<p>test</p>',
        messageIds: [randomUUID()],
      })),
    );
    return ids;
  }

  async function rows(ids: string[]): Promise<OutboxRow[]> {
    return db.query<OutboxRow[]>(
      'SELECT mail_id, status, sending_by, resends, attempts FROM mail_outbox WHERE mail_id = ANY($1::uuid[])',
      [ids],
    );
  }

  const received = async (id: string): Promise<CapturedMail[]> =>
    (await capturedMails(stack.mailUiUrl)).filter(
      (mail) => mail.headers['message-id'] === `<${id}@hub.invalid>`,
    );

  beforeAll(async () => {
    Logger.overrideLogger(false); // The senders' lines; the assertions say what matters.
    for (const name of ['a', 'b']) {
      const dataSource = await new DataSource(
        dataSourceOptions(stack.databaseUrl, `it-outbox-${name}`),
      ).initialize();
      dataSources.push(dataSource);
      senders.push(
        new OutboxSender(
          dataSource,
          producer as unknown as HubProducer,
          digests,
          loadHubCodec(),
          config(`it-${run}-${name}`),
        ),
      );
    }
    db = dataSources[0];
    // The database refusing to settle this test's marked mails (a constraint, a full disk, a
    // permissions change): only mails whose subject starts with the refusal mark are refused.
    await db.query(`
      CREATE OR REPLACE FUNCTION it_refuse_settling_${run}() RETURNS trigger AS $$
      BEGIN
        IF NEW.status = 'sent' AND NEW.subject LIKE 'refused-${run}%' THEN
          RAISE EXCEPTION 'settling refused by the test';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await db.query(
      `CREATE TRIGGER it_refuse_settling_${run} BEFORE UPDATE ON mail_outbox
         FOR EACH ROW EXECUTE FUNCTION it_refuse_settling_${run}()`,
    );
  });

  afterAll(async () => {
    await db.query(`DROP TRIGGER IF EXISTS it_refuse_settling_${run} ON mail_outbox`);
    await db.query(`DROP FUNCTION IF EXISTS it_refuse_settling_${run}()`);
    await Promise.all(senders.map((sender) => sender.onApplicationShutdown()));
    await Promise.all(dataSources.map((dataSource) => dataSource.destroy()));
  });

  it('marks each mail sending, then sent, and two instances send each mail once', async () => {
    const ids = await record(Array.from({ length: 12 }, (_, n) => `shared-${run}-${n}`));
    await Promise.all([senders[0].runOnce(), senders[1].runOnce(), senders[0].runOnce()]);
    await Promise.all([senders[0].runOnce(), senders[1].runOnce()]);
    const settled = await rows(ids);
    expect(settled.map((row) => row.status)).toEqual(ids.map(() => 'sent'));
    expect(settled.every((row) => row.resends === 0 && row.attempts === 1 && row.sending_by === null)).toBe(
      true,
    );
    for (const id of ids) {
      expect(
        await eventually(`mail ${id} at the SMTP sink`, async () => {
          const found = await received(id);
          return found.length > 0 ? found : undefined;
        }),
      ).toHaveLength(1);
    }
  });

  it('sends a mail whose settling the database refused again only after the timeout, and counts it', async () => {
    const resentBefore = (await outboxCounters().resent.get()).values[0]?.value ?? 0;
    const settleFailuresBefore = (await outboxCounters().settleFailures.get()).values[0]?.value ?? 0;
    const [id] = await record([`refused-${run}`]);

    // Instance a hands it to SMTP, then cannot settle it: it retries until the sending timeout.
    const first = senders[0].runOnce();
    await eventually('the mail at the SMTP sink', async () =>
      (await received(id)).length > 0 ? true : undefined,
    );
    expect(await rows([id])).toEqual([
      expect.objectContaining({ status: 'sending', sending_by: `it-${run}-a`, resends: 0 }),
    ]);
    // Meanwhile instance b leaves it alone: it is someone's, and may be out.
    await senders[1].runOnce();
    await first;
    expect(await received(id)).toHaveLength(1);
    expect((await outboxCounters().settleFailures.get()).values[0]?.value).toBe(settleFailuresBefore + 1);
    expect((await rows([id]))[0].status).toBe('sending');

    // The database takes it again; the mark is older than the timeout: b sends it again, counted.
    await db.query(`DROP TRIGGER it_refuse_settling_${run} ON mail_outbox`);
    await eventually(
      'the mail to be taken over and settled',
      async () => {
        await senders[1].runOnce();
        const [row] = await rows([id]);
        return row.status === 'sent' ? row : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    expect(await rows([id])).toEqual([
      expect.objectContaining({ status: 'sent', resends: 1, sending_by: null }),
    ]);
    expect((await outboxCounters().resent.get()).values[0]?.value).toBe(resentBefore + 1);
    const copies = await eventually('both copies at the SMTP sink', async () => {
      const found = await received(id);
      return found.length === 2 ? found : undefined;
    });
    // The same message twice, recognisably: one Message-ID.
    expect(new Set(copies.map((mail) => mail.headers['message-id']))).toEqual(
      new Set([`<${id}@hub.invalid>`]),
    );
  });
});
