import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { HEADERS, PartyRef, PlacementGranted, TOPICS } from '@hub/contracts';
import { Client } from 'pg';

import { eventually } from '../support/eventually';
import { collect, header, testKafka } from '../support/kafka-topics';
import { assertStackUp, hubCli, hubServices, REPO_ROOT, stackSettings } from '../support/local-stack';
import { codec } from '../support/messages';

interface InboxItem {
  idempotencyKey: string;
  deliveries: number;
  document: {
    documentType: string;
    messageId: string;
    receiver: PartyRef;
    message?: { consentOnRecord?: boolean };
    rejection?: { reasonCode: string; reasonText: string };
  };
}

const JOBCENTER_HEDENSTED: PartyRef = { kind: 'jobcenter', id: '766' };
const COMPANY: PartyRef = { kind: 'company', id: '12345674' };
const AKASSE_3F: PartyRef = { kind: 'akasse', id: '3F' };
const UNION_FH: PartyRef = { kind: 'union', id: 'FH-HORSENS-HEDENSTED' };

/**
 * Issue 14, on the real services: every kind of partner the router writes for is delivered to, by
 * one partner-delivery app started per kind (infra/bin/hub-services: jobcenter-, akasse-, union- and
 * company-adapter). A VITAS grant from Jobcenter Hedensted (seed 000 covers vitas.PlacementGranted
 * from the jobcenter to the union, clause "uddannelsesperspektiv") goes to the company, the a-kasse
 * and the union. A union receives it only with the citizen's consent on record: without, the router
 * rejects it (rule UNION_CONSENT_MISSING) and says why to the jobcenter; and a union-bound record
 * that reaches the union's outbound topic some other way is refused by the union delivery itself,
 * dead-lettered with the reason, never sent.
 */
describe('delivery to every kind of partner', () => {
  const stack = stackSettings();
  const kafka = testKafka();
  const producer = kafka.producer();
  const db = new Client({ connectionString: stack.databaseUrl });
  const work = mkdtempSync(join(tmpdir(), 'hub-delivery-'));
  const example = JSON.parse(
    readFileSync(join(REPO_ROOT, 'schemas/examples/vitas.PlacementGranted.json'), 'utf8'),
  ) as PlacementGranted;
  const simulator = (path: string): string => hubServices.url('partner-simulator', path);

  /** The example grant, sent by Jobcenter Hedensted to the company, 3F and the union. */
  function grant(consentOnRecord: boolean): PlacementGranted {
    const value = structuredClone(example);
    value.envelope.messageId = randomUUID();
    value.envelope.sender = JOBCENTER_HEDENSTED;
    value.envelope.receivers = [COMPANY, AKASSE_3F, UNION_FH];
    value.jobcenter = JOBCENTER_HEDENSTED;
    value.consentOnRecord = consentOnRecord;
    return value;
  }

  function publish(value: PlacementGranted): string {
    const file = join(work, `${value.envelope.messageId}.json`);
    writeFileSync(file, JSON.stringify({ kind: 'vitas.PlacementGranted', value }));
    hubCli(['publish', '--as', 'jobcenter:766', '--file', file, '--json'], {
      HUB_KAFKA_BROKERS: stack.brokers,
    });
    return value.envelope.messageId;
  }

  async function inbox(partner: PartyRef): Promise<InboxItem[]> {
    const response = await fetch(simulator(`/partners/${partner.kind}/${partner.id}/inbox`));
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: InboxItem[] }).items;
  }

  const received = async (partner: PartyRef, messageId: string): Promise<InboxItem[]> =>
    (await inbox(partner)).filter((item) => item.document.messageId === messageId);

  beforeAll(async () => {
    assertStackUp();
    await db.connect();
    await producer.connect();
    hubServices.up();
  }, 180_000);

  afterAll(async () => {
    await producer.disconnect();
    await db.end();
    hubServices.down();
  }, 90_000);

  it('delivers a VITAS grant to the company, the a-kasse and (consent on record) the union, each once', async () => {
    const messageId = publish(grant(true));
    for (const partner of [COMPANY, AKASSE_3F, UNION_FH]) {
      const items = await eventually(
        `the grant at ${partner.kind}:${partner.id}`,
        async () => {
          const found = await received(partner, messageId);
          return found.length > 0 ? found : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(items).toHaveLength(1);
      expect(items[0].deliveries).toBe(1);
      expect(items[0].document.receiver).toEqual(partner);
    }
    // Each kind's own adapter settled its row, and told the hub.
    const rows = await eventually('three delivered queue rows', async () => {
      const result = await db.query<{ receiver_kind: string; status: string }>(
        'SELECT receiver_kind, status FROM delivery_queue WHERE message_id = $1 ORDER BY receiver_kind',
        [messageId],
      );
      return result.rows.length === 3 && result.rows.every((row) => row.status === 'delivered')
        ? result.rows
        : undefined;
    });
    expect(rows.map((row) => row.receiver_kind)).toEqual(['akasse', 'company', 'union']);
    const succeeded = await collect(
      kafka,
      TOPICS.events,
      (message) =>
        header(message, HEADERS.kind) === 'events.DeliverySucceeded' &&
        (codec.decode(message.value as Buffer).value as { messageId?: string }).messageId === messageId,
      (seen) => seen.length >= 3,
    );
    expect(
      succeeded
        .map((record) => (codec.decode(record.value).value as { receiver: PartyRef }).receiver.kind)
        .sort(),
    ).toEqual(['akasse', 'company', 'union']);
  });

  it('rejects the grant without the citizen consent before anyone gets it, and tells the jobcenter why', async () => {
    const messageId = publish(grant(false));
    const receipts = await eventually(
      'the rejection receipt at jobcenter 766',
      async () => {
        const found = await received(JOBCENTER_HEDENSTED, messageId);
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(receipts[0].document.documentType).toBe('rejection-receipt');
    expect(receipts[0].document.rejection?.reasonCode).toBe('UNION_CONSENT_MISSING');
    expect(receipts[0].document.rejection?.reasonText).toContain("needs the citizen's consent");
    for (const partner of [COMPANY, AKASSE_3F, UNION_FH]) {
      expect(await received(partner, messageId)).toEqual([]);
    }
  });

  it('refuses a union-bound message without consent that bypassed the router: dead-lettered with its reason, never sent', async () => {
    const message = grant(false);
    const messageId = message.envelope.messageId;
    const routingId = randomUUID();
    await producer.send({
      topic: TOPICS.outbound('union'),
      messages: [
        {
          key: messageId,
          value: codec.encode('routing.RoutedMessage', {
            routingId,
            messageId,
            kind: 'vitas.PlacementGranted',
            channel: 'vitas',
            sender: JOBCENTER_HEDENSTED,
            receiver: UNION_FH,
            agreementId: null,
            clauseRef: null,
            findings: [],
            citizenPseudonym: null,
            routedAt: new Date().toISOString(),
            payload: codec.encode('vitas.PlacementGranted', message),
          }),
          headers: {
            [HEADERS.kind]: 'routing.RoutedMessage',
            [HEADERS.messageId]: messageId,
            [HEADERS.correlationId]: messageId,
          },
        },
      ],
    });
    const [deadLetter] = await collect(
      kafka,
      TOPICS.deadLetters,
      (record) => header(record, HEADERS.messageId) === messageId,
      (seen) => seen.length >= 1,
    );
    expect(deadLetter.headers[HEADERS.reasonCode]).toBe('UNION_CONSENT_MISSING');
    expect(deadLetter.headers[HEADERS.reasonText]).toContain(
      "the citizen's consent to involve the union is not on record",
    );
    expect(deadLetter.headers[HEADERS.reasonText]).not.toContain(example.citizen.cpr);
    const [failed] = await collect(
      kafka,
      TOPICS.events,
      (record) =>
        header(record, HEADERS.kind) === 'events.DeliveryFailed' &&
        (codec.decode(record.value as Buffer).value as { routingId?: string }).routingId === routingId,
      (seen) => seen.length >= 1,
    );
    expect(codec.decode(failed.value).value).toEqual(
      expect.objectContaining({ messageId, permanent: true, httpStatus: null, receiver: UNION_FH }),
    );
    expect(await received(UNION_FH, messageId)).toEqual([]);
    // Where an operator looks: `hub deadletters list`, with the reason.
    const listed = hubCli(['deadletters', 'list', '--message-id', messageId, '--json'], {
      HUB_KAFKA_BROKERS: stack.brokers,
    })
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { reasonCode: string; reasonText: string });
    expect(listed).toEqual([
      expect.objectContaining({
        reasonCode: 'UNION_CONSENT_MISSING',
        reasonText: expect.stringContaining('not delivered to union FH-HORSENS-HEDENSTED') as string,
      }),
    ]);
    const queued = await db.query('SELECT 1 FROM delivery_queue WHERE delivery_id = $1', [routingId]);
    expect(queued.rows).toEqual([]);
  });
});
