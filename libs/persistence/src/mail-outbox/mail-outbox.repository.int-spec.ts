import { randomUUID } from 'node:crypto';

import type { DataSource, QueryRunner } from 'typeorm';

import { eventually } from '../../../../test/support/eventually';
import { scratchSchema, ScratchSchema } from '../../../../test/support/scratch-schema';
import type { DigestItem } from './mail-outbox.entity';
import { MailOutboxRepository, NewMail } from './mail-outbox.repository';

interface OutboxRow {
  mail_id: string;
  subject: string;
  status: string;
  attempts: number;
  resends: number;
  last_error: string | null;
  sending_by: string | null;
  sending_since: Date | null;
  next_attempt_at: Date;
  sent_at: Date | null;
  digest_id: string | null;
  event_published: boolean;
}

/** Long enough that no mail of this spec times out while `sending` unless a test means it to. */
const SENDING_TIMEOUT_MS = 10 * 60_000;

/**
 * The notifier's outbox on the real PostgreSQL, as the outbox sender and the digest composer use it
 * (apps/notifier): a mail is recorded once, a due mail is taken by one sender only and marked
 * `sending` by it, a mail the server deferred waits its backoff, a refused one stays `failed` until an
 * operator retries it, a mail left `sending` past the timeout is taken over and counted as a resend,
 * and digests take each held item once, one composer per mailbox at a time.
 *
 * Claims read the whole table, so the spec has a schema of its own (scratch-schema.ts): other
 * specs' mails are neither taken here nor counted.
 */
describe(MailOutboxRepository.name, () => {
  let schema: ScratchSchema;
  let db: DataSource;
  /** A second notifier instance: its own pool, its own sessions. */
  let other: DataSource;

  function mail(overrides: Partial<NewMail> = {}): NewMail {
    const mailId = randomUUID();
    return {
      mailId,
      mailbox: 'jobcenter@norddjurs.dk',
      subject: `Ny indstilling ${mailId.slice(0, 8)}`,
      bodyText: 'Se beskeden i fagsystemet.',
      bodyHtml: '<p>Se beskeden i fagsystemet.</p>',
      messageIds: [randomUUID()],
      ...overrides,
    };
  }

  const digestItem = (messageId: string): DigestItem => ({
    reference: messageId.slice(0, 8),
    messageId,
    what: 'Indstilling om tilbud',
    action: 'Behandl indstillingen',
    senderName: 'A-kasse',
    receiverName: 'Jobcenter Norddjurs',
    channel: 'beskedmodul',
    due: null,
    agreementTitle: null,
    clauseRef: null,
    findings: [],
  });

  /** Records `count` mails due now, one statement each (so each is older than the next); their ids. */
  async function recorded(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let n = 0; n < count; n += 1) {
      const entry = mail();
      expect(await MailOutboxRepository.record(db.manager, [entry])).toBe(1);
      ids.push(entry.mailId);
    }
    return ids;
  }

  async function rows(ids: readonly string[]): Promise<OutboxRow[]> {
    return db.query<OutboxRow[]>(
      `SELECT mail_id, subject, status, attempts, resends, last_error, sending_by, sending_since, next_attempt_at,
              sent_at, digest_id, event_published
         FROM mail_outbox WHERE mail_id = ANY($1::uuid[]) ORDER BY created_at, mail_id`,
      [ids],
    );
  }
  const row = async (id: string): Promise<OutboxRow> => (await rows([id]))[0];

  /** Settles and publishes what a test left on its way, so the next test's claims see only its own mails. */
  async function settleLeftovers(): Promise<void> {
    await db.query(
      `UPDATE mail_outbox SET status = 'sent', sent_at = COALESCE(sent_at, now()), sending_since = NULL,
              sending_by = NULL, event_published = true
        WHERE status IN ('pending', 'sending', 'sent')`,
    );
  }

  beforeAll(async () => {
    schema = await scratchSchema('mail_outbox');
    db = await schema.connect('it-mail-outbox-a');
    other = await schema.connect('it-mail-outbox-b');
  });

  afterEach(async () => {
    await settleLeftovers();
  });

  afterAll(async () => {
    await schema?.drop();
  });

  it('records a mail once: recording it again (a redelivered event) changes nothing', async () => {
    const first = mail();
    const second = mail();
    expect(await MailOutboxRepository.record(db.manager, [first, second])).toBe(2);
    expect(await MailOutboxRepository.record(other.manager, [{ ...first, subject: 'changed' }, mail()])).toBe(
      1,
    );
    expect(await row(first.mailId)).toMatchObject({ subject: first.subject, status: 'pending', attempts: 0 });
    expect(await MailOutboxRepository.record(db.manager, [])).toBe(0);

    const incomplete = mail({ mailKind: 'digest-item', digestDate: '2026-12-07' });
    await expect(MailOutboxRepository.record(db.manager, [incomplete])).rejects.toThrow(/needs a digest/);
    expect(await row(incomplete.mailId)).toBeUndefined();
  });

  it('gives each due mail to one sender: a second sender skips the mails the first is taking, never waits for them', async () => {
    const ids = await recorded(6);
    const first = await openTransaction(db);
    let takenByFirst: string[];
    try {
      // The first sender's claim, not yet committed: its rows are locked.
      takenByFirst = (
        await MailOutboxRepository.claimForSending(first.manager, 3, 'sender-a', SENDING_TIMEOUT_MS)
      ).map((claimed) => claimed.mailId);
      const takenBySecond = (
        await MailOutboxRepository.claimForSending(other.manager, 10, 'sender-b', SENDING_TIMEOUT_MS)
      ).map((claimed) => claimed.mailId);
      expect(takenByFirst).toEqual(ids.slice(0, 3)); // Oldest first.
      expect(takenBySecond).toEqual(ids.slice(3));
      await first.commitTransaction();
    } finally {
      await first.release();
    }

    const marked = await rows(ids);
    expect(marked.map((entry) => [entry.status, entry.sending_by])).toEqual([
      ...ids.slice(0, 3).map(() => ['sending', 'sender-a']),
      ...ids.slice(3).map(() => ['sending', 'sender-b']),
    ]);
    expect(marked.every((entry) => entry.sending_since !== null && entry.resends === 0)).toBe(true);
    // Within the timeout, a mail being sent is no one else's.
    expect(
      await MailOutboxRepository.claimForSending(db.manager, 10, 'sender-c', SENDING_TIMEOUT_MS),
    ).toEqual([]);

    expect(await MailOutboxRepository.settleSent(db.manager, ids[0])).toBe(true);
    expect(await row(ids[0])).toMatchObject({
      status: 'sent',
      attempts: 1,
      sending_by: null,
      sending_since: null,
    });
    expect((await row(ids[0])).sent_at).not.toBeNull();
    expect(await MailOutboxRepository.settleSent(other.manager, ids[0])).toBe(false); // Settled once.
  });

  it('keeps a deferred mail pending until its backoff has passed, counting the attempt', async () => {
    const [id] = await recorded(1);
    await MailOutboxRepository.claimForSending(db.manager, 10, 'sender-a', SENDING_TIMEOUT_MS);
    await MailOutboxRepository.settleNotSent(db.manager, id, '451 4.3.0 try again later', 3_000);
    expect(await row(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: '451 4.3.0 try again later',
      sending_by: null,
    });
    expect(
      await MailOutboxRepository.claimForSending(db.manager, 10, 'sender-a', SENDING_TIMEOUT_MS),
    ).toEqual([]);

    const retaken = await eventually('the deferred mail due again', async () => {
      const claimed = await MailOutboxRepository.claimForSending(
        other.manager,
        10,
        'sender-b',
        SENDING_TIMEOUT_MS,
      );
      return claimed.length > 0 ? claimed : undefined;
    });
    expect(retaken.map((claimed) => [claimed.mailId, claimed.attempts, claimed.interrupted])).toEqual([
      [id, 1, false],
    ]);
  });

  it('sets a refused mail aside as failed with the reason until an operator sends it again', async () => {
    const [refused, sent] = await recorded(2);
    await MailOutboxRepository.claimForSending(db.manager, 10, 'sender-a', SENDING_TIMEOUT_MS);
    expect(await MailOutboxRepository.settleRefused(db.manager, refused, '550 5.1.1 mailbox unknown')).toBe(
      true,
    );
    expect(await MailOutboxRepository.settleSent(db.manager, sent)).toBe(true);
    // Settled once: a refusal reported again, or for a mail that went out, changes nothing.
    expect(await MailOutboxRepository.settleRefused(db.manager, refused, 'twice')).toBe(false);
    expect(await MailOutboxRepository.settleRefused(db.manager, sent, 'late')).toBe(false);
    expect(await row(sent)).toMatchObject({ status: 'sent', last_error: null });
    expect(await row(refused)).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: '550 5.1.1 mailbox unknown',
      sending_by: null,
    });

    const failed = await MailOutboxRepository.failed(db.manager, 10);
    expect(failed.find((entry) => entry.mailId === refused)).toMatchObject({
      reason: '550 5.1.1 mailbox unknown',
      attempts: 1,
    });
    // Never taken again by a sender on its own.
    expect(
      await MailOutboxRepository.claimForSending(db.manager, 10, 'sender-a', SENDING_TIMEOUT_MS),
    ).toEqual([]);

    const notFailed = (await recorded(1))[0];
    expect(await MailOutboxRepository.retryFailed(db.manager, [refused, notFailed])).toEqual([refused]);
    expect(await row(refused)).toMatchObject({ status: 'pending' });
    const claimed = await MailOutboxRepository.claimForSending(
      db.manager,
      10,
      'sender-a',
      SENDING_TIMEOUT_MS,
    );
    expect(claimed.map((entry) => entry.mailId)).toEqual(expect.arrayContaining([refused, notFailed]));
    expect(await MailOutboxRepository.retryFailed(db.manager, [])).toEqual([]);
  });

  it('takes over a mail left sending past the timeout, as a resend, and keeps the interrupted sender from settling it twice', async () => {
    const timeoutMs = 3_000;
    const [id] = await recorded(1);
    const [taken] = await MailOutboxRepository.claimForSending(db.manager, 10, 'crashed', timeoutMs);
    expect(taken).toMatchObject({ mailId: id, interrupted: false, resends: 0 });
    // Within the timeout, no one else takes it.
    expect(await MailOutboxRepository.claimForSending(other.manager, 10, 'survivor', timeoutMs)).toEqual([]);

    const [takenOver] = await eventually('the mail past its sending timeout', async () => {
      const claimed = await MailOutboxRepository.claimForSending(other.manager, 10, 'survivor', timeoutMs);
      return claimed.length > 0 ? claimed : undefined;
    });
    expect(takenOver).toMatchObject({ mailId: id, interrupted: true, resends: 1 });
    expect(await row(id)).toMatchObject({ status: 'sending', sending_by: 'survivor', resends: 1 });
    expect(takenOver.sendingSince.getTime()).toBeGreaterThan(taken.sendingSince.getTime());

    // The interrupted sender's release touches only mails still its own.
    await MailOutboxRepository.release(db.manager, [id], 'crashed', 0);
    expect(await row(id)).toMatchObject({ status: 'sending', sending_by: 'survivor' });

    expect(await MailOutboxRepository.settleSent(other.manager, id)).toBe(true);
    expect(await MailOutboxRepository.settleSent(db.manager, id)).toBe(false);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1, resends: 1 });
  });

  it('gives back claimed mails it never sent without counting an attempt', async () => {
    const ids = await recorded(2);
    await MailOutboxRepository.claimForSending(db.manager, 10, 'sender-a', SENDING_TIMEOUT_MS);
    await MailOutboxRepository.release(db.manager, ids, 'sender-a', 0);
    expect((await rows(ids)).map((entry) => [entry.status, entry.attempts, entry.sending_by])).toEqual([
      ['pending', 0, null],
      ['pending', 0, null],
    ]);
    const again = await MailOutboxRepository.claimForSending(
      other.manager,
      10,
      'sender-b',
      SENDING_TIMEOUT_MS,
    );
    expect(again.map((entry) => [entry.mailId, entry.interrupted])).toEqual(ids.map((id) => [id, false]));
  });

  it('counts pending and sending mails as backlog, not held digest items or settled mails', async () => {
    const before = await MailOutboxRepository.backlog(db.manager);
    expect(before.depth).toBe(0);
    const [sending] = await recorded(3);
    await MailOutboxRepository.claimForSending(db.manager, 1, 'sender-a', SENDING_TIMEOUT_MS);
    const messageId = randomUUID();
    await MailOutboxRepository.record(db.manager, [
      mail({ mailKind: 'digest-item', digestDate: '2026-12-07', digestItem: digestItem(messageId) }),
    ]);
    const backlog = await MailOutboxRepository.backlog(db.manager);
    expect(backlog.depth).toBe(3);
    expect(backlog.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    await MailOutboxRepository.settleSent(db.manager, sending);
    expect((await MailOutboxRepository.backlog(db.manager)).depth).toBe(2);
  });

  it('hands each sent mail whose event is not published to one publishing instance at a time', async () => {
    const ids = await recorded(3);
    await MailOutboxRepository.claimForSending(db.manager, 10, 'sender-a', SENDING_TIMEOUT_MS);
    for (const id of ids) await MailOutboxRepository.settleSent(db.manager, id);

    const first = await openTransaction(db);
    const second = await openTransaction(other);
    try {
      const claimedFirst = await MailOutboxRepository.claimUnpublished(first.manager, 2);
      const claimedSecond = await MailOutboxRepository.claimUnpublished(second.manager, 10);
      expect(claimedFirst.map((entry) => entry.mailId)).toEqual(ids.slice(0, 2));
      expect(claimedSecond.map((entry) => entry.mailId)).toEqual(ids.slice(2));
      await MailOutboxRepository.markPublished(first.manager, ids.slice(0, 2));
      await first.commitTransaction();
      await second.rollbackTransaction(); // Its producer failed: left for the next pass.
    } finally {
      await Promise.all([first.release(), second.release()]);
    }
    expect((await rows(ids)).map((entry) => entry.event_published)).toEqual([true, true, false]);
    const left = await db.transaction((tx) => MailOutboxRepository.claimUnpublished(tx, 10));
    expect(left.map((entry) => entry.mailId)).toEqual([ids[2]]);
    await MailOutboxRepository.markPublished(db.manager, [ids[2]]);
  });

  it('puts each held item in exactly one digest, composed by one composer per mailbox at a time', async () => {
    const mailbox = `digest-${randomUUID().slice(0, 8)}@jobcenter.dk`;
    const hold = async (digestDate: string): Promise<string> => {
      const item = mail({
        mailbox,
        mailKind: 'digest-item',
        digestDate,
        digestItem: digestItem(randomUUID()),
      });
      await MailOutboxRepository.record(db.manager, [item]);
      return item.mailId;
    };
    const today = await hold('2026-12-07');
    const yesterday = await hold('2026-12-06');
    const tomorrow = await hold('2026-12-08');
    expect(await row(today)).toMatchObject({ status: 'held' });
    // Held items are never sent on their own.
    expect(
      await MailOutboxRepository.claimForSending(db.manager, 10, 'sender-a', SENDING_TIMEOUT_MS),
    ).toEqual([]);
    expect(await MailOutboxRepository.mailboxesWithDueDigest(db.manager, '2026-12-05')).not.toContain(
      mailbox,
    );
    expect(await MailOutboxRepository.mailboxesWithDueDigest(db.manager, '2026-12-07')).toContain(mailbox);

    // A composer holds the mailbox; a second one waits for it rather than composing beside it.
    const first = await openTransaction(db);
    const second = await openTransaction(other);
    try {
      await MailOutboxRepository.lockMailboxForDigest(first.manager, mailbox);
      const held = await MailOutboxRepository.heldItems(first.manager, mailbox, '2026-12-07');
      expect(held.map((entry) => entry.mailId)).toEqual([today, yesterday]); // Oldest recorded first.

      const secondPid = await backendPid(second);
      let secondLocked = false;
      const secondLock = MailOutboxRepository.lockMailboxForDigest(second.manager, mailbox).then(() => {
        secondLocked = true;
      });
      await eventually('the second composer waiting for the mailbox', async () =>
        (await waitsForAdvisoryLock(db, secondPid)) ? true : undefined,
      );
      expect(secondLocked).toBe(false);

      const digestId = randomUUID();
      const digest = {
        mailId: digestId,
        mailbox,
        digestDate: '2026-12-07',
        subject: 'Dagens beskeder',
        bodyText: 'to beskeder',
        bodyHtml: '<p>to beskeder</p>',
        messageIds: [today, yesterday],
      };
      expect(await MailOutboxRepository.recordDigest(first.manager, digest, [today, yesterday])).toBe(true);
      await first.commitTransaction();
      await secondLock;

      // The second composer, once through, finds the items digested and the digest recorded.
      expect(await MailOutboxRepository.heldItems(second.manager, mailbox, '2026-12-07')).toEqual([]);
      expect(await MailOutboxRepository.recordDigest(second.manager, digest, [tomorrow])).toBe(false);
      await second.commitTransaction();

      expect(
        (await rows([today, yesterday, tomorrow])).map((entry) => [
          entry.mail_id,
          entry.status,
          entry.digest_id,
        ]),
      ).toEqual(
        expect.arrayContaining([
          [today, 'digested', digestId],
          [yesterday, 'digested', digestId],
          [tomorrow, 'held', null],
        ]),
      );
      expect(await row(digestId)).toMatchObject({ status: 'pending' });
      expect(await MailOutboxRepository.mailboxesWithDueDigest(db.manager, '2026-12-07')).not.toContain(
        mailbox,
      );
    } finally {
      await Promise.all([first.release(), second.release()]);
    }
  });
});

async function openTransaction(dataSource: DataSource): Promise<QueryRunner> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  return runner;
}

async function backendPid(runner: QueryRunner): Promise<number> {
  const rows = (await runner.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
  return rows[0].pid;
}

async function waitsForAdvisoryLock(dataSource: DataSource, pid: number): Promise<boolean> {
  const rows = await dataSource.query<unknown[]>(
    "SELECT 1 FROM pg_locks WHERE pid = $1 AND locktype = 'advisory' AND NOT granted",
    [pid],
  );
  return rows.length > 0;
}
