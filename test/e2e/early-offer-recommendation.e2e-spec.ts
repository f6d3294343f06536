import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Producer } from '@hub/kafka';
import { Client } from 'pg';

import { eventually } from '../support/eventually';
import { testKafka } from '../support/kafka-topics';
import { assertStackUp, hubCli, hubServices, REPO_ROOT, stackSettings } from '../support/local-stack';
import { capturedMails, isDeadlineMail } from '../support/mail-sink';
import { atQueuedTime, encodeRecommendation, F1_TOPIC, recommendation, testCpr } from '../support/messages';

interface PartnerInbox {
  items: {
    idempotencyKey: string;
    deliveries: number;
    document: { messageId: string; message: { citizen: { cpr: string } } };
  }[];
}

/**
 * Issue 2's exchange, every hop against the real services: an a-kasse publishes a recommendation of
 * an early offer (F1, seed 001) → Kafka → router → jobcenter adapter → the simulated Norddjurs
 * jobcenter's endpoint; the exchange is in the log in PostgreSQL; the jobcenter's mailbox has a mail
 * that names no CPR number.
 */
describe('F1 recommendation of an early offer, end to end', () => {
  const stack = stackSettings();
  const db = new Client({ connectionString: stack.databaseUrl });
  const sample = JSON.parse(
    readFileSync(join(REPO_ROOT, 'demo/samples/f1-early-offer-recommendation.json'), 'utf8'),
  ) as {
    kind: string;
    value: { envelope: { messageId: string }; citizen: { cpr: string } };
  };
  const messageId = randomUUID();
  const cpr = sample.value.citizen.cpr;

  beforeAll(async () => {
    assertStackUp();
    hubServices.up();
    await db.connect();
    sample.value.envelope.messageId = messageId;
    const file = join(mkdtempSync(join(tmpdir(), 'hub-e2e-')), 'f1.json');
    writeFileSync(file, JSON.stringify(sample));
    const published = JSON.parse(
      hubCli(['publish', '--as', 'akasse:3F', '--file', file, '--json'], {
        HUB_KAFKA_BROKERS: stack.brokers,
      }),
    ) as {
      topic: string;
    };
    expect(published.topic).toBe('hub.inbound.beskedmodul.akasse-3f.v1');
  }, 120_000);

  let producer: Producer | undefined;

  afterAll(async () => {
    await producer?.disconnect();
    await db.end();
    hubServices.down();
  }, 60_000);

  it('delivers the recommendation to the Norddjurs jobcenter system, signed and with the citizen it is about', async () => {
    const delivered = await eventually('the delivery at jobcenter 707', async () => {
      const response = await fetch(hubServices.url('partner-simulator', '/partners/jobcenter/707/inbox'));
      const inbox = (await response.json()) as PartnerInbox;
      return inbox.items.find((item) => item.document.messageId === messageId);
    });
    expect(delivered.deliveries).toBe(1);
    expect(delivered.document.message.citizen.cpr).toBe(cpr);
  });

  it('records the exchange in the log under the Norddjurs agreement, with a pseudonym instead of the CPR number', async () => {
    const row = await eventually('the exchange log row to be delivered', async () => {
      const result = await db.query<Record<string, unknown>>(
        'SELECT * FROM exchange_log WHERE message_id = $1',
        [messageId],
      );
      return result.rows[0]?.status === 'delivered' ? result.rows[0] : undefined;
    });
    expect(row.kind).toBe('beskedmodul.EarlyOfferRecommendation');
    expect(row.sender_kind).toBe('akasse');
    expect(row.sender_id).toBe('3F');
    expect(row.receivers).toEqual([{ kind: 'jobcenter', id: '707' }]);
    expect(String(row.agreement_id)).toMatch(/norddjurs/i);
    expect(row.citizen_pseudonym).toMatch(/^[0-9a-f]{32}$/);
    const everyColumn = JSON.stringify(row);
    expect(everyColumn).not.toContain(cpr);
    expect(everyColumn).not.toContain(cpr.replace('-', ''));
  });

  it("mails the jobcenter's functional mailbox what to do, naming no CPR number", async () => {
    const reference = messageId.slice(0, 8).toUpperCase();
    const mail = await eventually('the caseworker mail', async () => {
      const mails = await capturedMails(stack.mailUiUrl);
      return mails.find((candidate) => candidate.subject.includes(reference) && !isDeadlineMail(candidate));
    });
    expect(mail.to.map((to) => to.address)).toEqual(['jobcenter@norddjurs.dk']);
    expect(mail.subject).toContain('indstilling om tidligt tilbud');
    expect(mail.text).toContain('Frist');
    for (const text of [mail.subject, mail.text, mail.html]) {
      expect(text).not.toContain(cpr);
      expect(text).not.toContain(cpr.replace('-', ''));
    }
  });

  it('flags a recommendation for a citizen the sender states is not insured: outside the seed 001 target group, delivered', async () => {
    // Seed 001, Formål: "et fælles kontaktforløb for de forsikrede ledige". The sample states the
    // citizen insured; this one says not, so the router's target-group rule has a fact to judge.
    producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const message = recommendation({ cpr: testCpr(1402), circumstances: { insuredUnemployed: false } });
    const id = message.envelope.messageId;
    await producer.send({
      topic: F1_TOPIC,
      acks: -1,
      messages: atQueuedTime([{ key: 'not-insured-citizen', value: encodeRecommendation(message) }]),
    });
    const row = await eventually('the flagged exchange in the log', async () => {
      const result = await db.query<{ status: string; findings: { code: string; messageEn: string }[] }>(
        'SELECT status, findings FROM exchange_log WHERE message_id = $1',
        [id],
      );
      return result.rows[0]?.status === 'delivered' ? result.rows[0] : undefined;
    });
    const outside = row.findings.filter((finding) => finding.code === 'OUTSIDE_TARGET_GROUP');
    expect(outside).toHaveLength(1);
    expect(outside[0].messageEn).toContain('not insured-unemployed');
  });
});
