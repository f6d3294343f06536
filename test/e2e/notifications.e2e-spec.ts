import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { join } from 'node:path';

import { createKafkaClient, type Producer } from '@hub/kafka';
import { Client } from 'pg';

import { cprForms, GeneratedMessage, generateWorkload } from '../../apps/partner-simulator/src/traffic';
import { eventually } from '../support/eventually';
import {
  assertStackUp,
  hubServices,
  PROFILE,
  REPO_ROOT,
  stackKafka,
  stackSettings,
} from '../support/local-stack';
import { CapturedMail, capturedMails, isDeadlineMail, scanMailsForCprs } from '../support/mail-sink';

interface OutboxRow {
  mail_id: string;
  mailbox: string;
  status: string;
  mail_kind: string;
  attempts: number;
  last_error: string | null;
  digest_date: string | null;
  digest_id: string | null;
  message_ids: string[];
}

/** Kinds seed 001 sets no deadline for: under its `digest: daily` they wait for the digest. */
const DIGEST_KINDS = new Set([
  'beskedmodul.Handover',
  'beskedmodul.JointInterviewInvitation',
  'beskedmodul.LongTermUnemploymentRiskNotice',
  'jobag.JobOrderShared',
  'jobag.JobOrderStatusChanged',
  'jobag.CandidateHired',
]);

const referenceOf = (messageId: string): string => messageId.slice(0, 8).toUpperCase();

const danishNow = (offsetMs: number): string =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Copenhagen',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(Date.now() + offsetMs));

const danishToday = (): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

const stackCommand = (...args: string[]): string =>
  execFileSync(join(REPO_ROOT, 'infra/bin/stack'), args, {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, HUB_STACK_PROFILE: PROFILE },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/**
 * Issue 6's notifier, against the real services: mails are recorded in the outbox before they are
 * sent, wait there while the SMTP server is down and arrive exactly once when it is back; under seed
 * 001's `digest: daily` the day's informational exchanges go out as one digest per mailbox; and no
 * mail carries a CPR number the simulated partners used.
 */
describe('caseworker notifications, end to end', () => {
  const stack = stackSettings();
  const smtpPort = Number(new URL(stack.smtpUrl).port);
  const db = new Client({ connectionString: stack.databaseUrl });
  // Quiet: the test stops and starts services under the client, and its failures say what matters.
  const kafka = createKafkaClient({
    clientId: 'notifications-e2e',
    ...stackKafka(),
    log: () => {},
  });
  let producer: Producer;
  // A fresh run id: the hub routes each message id once, so every run needs its own ids.
  const workload = generateWorkload({ seed: 606, count: 600, runId: randomUUID(), badShare: 0 });
  const norddjurs = workload.messages.filter(
    (m) =>
      m.scenario === 'norddjurs' &&
      m.expect.outcome === 'routed' &&
      m.expect.flags.length === 0 &&
      (m.value as { envelope: { receivers: { kind: string }[] } }).envelope.receivers.every(
        (r) => r.kind === 'akasse' || r.kind === 'jobcenter',
      ),
  );
  const recommendations = norddjurs
    .filter((m) => m.kind === 'beskedmodul.EarlyOfferRecommendation')
    .slice(0, 3);
  const informational = norddjurs.filter((m) => DIGEST_KINDS.has(m.kind as string)).slice(0, 4);

  const publish = (messages: GeneratedMessage[]) =>
    producer.sendBatch({
      acks: -1,
      topicMessages: messages.map((m) => ({
        topic: m.topic,
        messages: [
          { key: m.key, value: m.bytes, headers: m.headers, timestamp: String(Date.parse(m.queuedAt)) },
        ],
      })),
    });

  const outboxRows = async (messageIds: string[]): Promise<OutboxRow[]> =>
    (
      await db.query<OutboxRow>(
        `SELECT mail_id, mailbox, status, mail_kind, attempts, last_error, digest_date::text AS digest_date, digest_id, message_ids
         FROM mail_outbox WHERE message_ids ?| $1::text[] AND subject NOT LIKE 'Frist %'`,
        [messageIds],
      )
    ).rows;

  const mailsWith = (mails: CapturedMail[], reference: string): CapturedMail[] =>
    mails.filter(
      (mail) => !isDeadlineMail(mail) && (mail.subject.includes(reference) || mail.text.includes(reference)),
    );

  beforeAll(async () => {
    expect(recommendations).toHaveLength(3);
    expect(informational).toHaveLength(4);
    assertStackUp();
    // The partners stay quiet here (no decisions back), and the notifier retries a refused mail
    // within two seconds, so the test does not wait for a long backoff.
    hubServices.up([], {
      SIMULATOR_ANSWERS: 'false',
      NOTIFIER_POLL_MS: '250',
      NOTIFIER_SMTP_RETRY_MAX_MS: '2000',
    });
    await db.connect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    stackCommand('up'); // whatever happened, the mail sink is back for the next test
    await producer?.disconnect();
    await db.end();
    hubServices.down();
  }, 120_000);

  it('keeps mails in the outbox while the SMTP server is down, and delivers each exactly once when it is back', async () => {
    // Stopped as an operator stops it: the command returns once the server is gone. (A server that is
    // stopping still serves the connections it has: the notifier's pool may hold one open for a while.)
    stackCommand('stop', 'smtp');
    expect(await portOpen(smtpPort)).toBe(false);

    await publish(recommendations);
    const ids = recommendations.map((m) => m.messageId as string);
    const waiting = await eventually(
      'the mails recorded and retried while the SMTP server is down',
      async () => {
        const rows = await outboxRows(ids);
        return rows.length === ids.length && rows.every((row) => row.attempts >= 2) ? rows : undefined;
      },
      { timeoutMs: 60_000 },
    );
    for (const row of waiting) {
      // Pending between attempts; marked sending for the moment of each attempt.
      expect(['pending', 'sending']).toContain(row.status);
      expect(row.mail_kind).toBe('single');
      expect(row.mailbox).toBe('jobcenter@norddjurs.dk');
      expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
    }

    stackCommand('up');
    const references = recommendations.map((m) => referenceOf(m.messageId as string));
    await eventually(
      'every mail at the SMTP server',
      async () => {
        const mails = await capturedMails(stack.mailUiUrl);
        return references.every((ref) => mailsWith(mails, ref).length > 0) ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
    // A few more sending passes: nothing is sent twice.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const mails = await capturedMails(stack.mailUiUrl);
    const sent = await outboxRows(ids);
    for (const reference of references) {
      const received = mailsWith(mails, reference);
      expect(received).toHaveLength(1);
      const row = sent.find((r) => referenceOf(r.message_ids[0]) === reference) as OutboxRow;
      expect(row.status).toBe('sent');
      expect(received[0].headers['message-id']).toBe(`<${row.mail_id}@hub.invalid>`);
      expect(received[0].to.map((to) => to.address)).toEqual(['jobcenter@norddjurs.dk']);
      expect(received[0].subject).toContain('indstilling om tidligt tilbud');
    }
  }, 180_000);

  it("sends seed 001's informational exchanges of the day as one digest per mailbox, exactly once", async () => {
    // Digests at a time just ahead, so the test sees the items held first and then the digest.
    hubServices.down(['notifier']);
    hubServices.up(['notifier'], { NOTIFIER_POLL_MS: '250', NOTIFIER_DIGEST_TIME: danishNow(40_000) });
    const today = danishToday();
    // One digest per mailbox and day: an earlier run of this test today already had it, so forget
    // those (test database only) to let this run's items have a digest of their own today.
    await db.query(`DELETE FROM mail_outbox WHERE mail_kind = 'digest' AND digest_date = $1::date`, [today]);
    await publish(informational);
    const ids = informational.map((m) => m.messageId as string);
    const references = ids.map(referenceOf);

    const held = await eventually('the items held for the digest', async () => {
      const rows = await outboxRows(ids);
      return rows.length >= ids.length ? rows : undefined;
    });
    for (const row of held) {
      expect(row.mail_kind).toBe('digest-item');
      expect(['held', 'digested']).toContain(row.status);
      expect(row.digest_date === today || row.status === 'digested').toBe(true);
    }
    const beforeDigest = await capturedMails(stack.mailUiUrl);
    for (const reference of references) {
      expect(
        beforeDigest.filter((mail) => !isDeadlineMail(mail) && mail.subject.includes(reference)),
      ).toEqual([]);
    }

    await eventually(
      'the digests at the SMTP server',
      async () => {
        const mails = await capturedMails(stack.mailUiUrl);
        return references.every((ref) => mailsWith(mails, ref).length > 0) ? true : undefined;
      },
      { timeoutMs: 90_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const mails = await capturedMails(stack.mailUiUrl);
    const items = await outboxRows(ids);
    for (const row of items.filter((r) => r.mail_kind === 'digest-item')) {
      expect(row.status).toBe('digested');
      const digest = (
        await db.query<OutboxRow>(
          `SELECT mail_id, mailbox, status, mail_kind, digest_date::text AS digest_date FROM mail_outbox WHERE mail_id = $1`,
          [row.digest_id],
        )
      ).rows[0];
      expect(digest).toMatchObject({ mailbox: row.mailbox, status: 'sent', mail_kind: 'digest' });
      const reference = referenceOf(row.message_ids[0]);
      // Exactly one mail mentions the item: its mailbox's digest, whose Message-ID is the digest id.
      const received = mailsWith(mails, reference);
      expect(received).toHaveLength(1);
      expect(received[0].headers['message-id']).toBe(`<${digest.mail_id}@hub.invalid>`);
      expect(received[0].subject).toMatch(/^Dagligt overblik \d{4}-\d{2}-\d{2}: \d+ besked(er)? til /);
      expect(received[0].to.map((to) => to.address)).toEqual([row.mailbox]);
    }
    // One digest per mailbox and day in the outbox.
    const { rows: perDay } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM mail_outbox WHERE mail_kind = 'digest' AND digest_date = $1::date GROUP BY mailbox`,
      [today],
    );
    expect(perDay.every((row) => Number(row.n) === 1)).toBe(true);
  }, 180_000);

  it('puts no CPR number the simulated partners used into any mail, recorded or sent', async () => {
    const scan = await scanMailsForCprs(stack.mailUiUrl, db, workload.cprs.flatMap(cprForms));
    expect(scan.capturedMails).toBeGreaterThan(0);
    expect(scan.outboxRows).toBeGreaterThan(0);
    expect(scan.found).toEqual([]);
    // The numbers were really sent: the partners received them in the messages (by law).
    const sentCprs = [...recommendations, ...informational].flatMap((m) => (m.cpr ? [m.cpr] : []));
    expect(sentCprs.length).toBeGreaterThan(0);
  });
});
