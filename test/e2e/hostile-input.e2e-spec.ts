import { randomUUID } from 'node:crypto';

import { HEADERS, RejectionReceipt, TOPICS } from '@hub/contracts';
import type { Kafka, Producer } from '@hub/kafka';
import { Client } from 'pg';

import { buildMessage, PartnerPublisher } from '../../apps/monitor/src/testing/monitor-e2e';
import { eventually } from '../support/eventually';
import { collect, header, testKafka } from '../support/kafka-topics';
import { assertStackUp, hubServices, stackSettings } from '../support/local-stack';
import {
  atQueuedTime,
  codec,
  encodeRecommendation,
  F1_TOPIC,
  recommendation,
  testCpr,
} from '../support/messages';

interface InboxItem {
  document: {
    documentType: string;
    messageId: string | null;
    rejection?: { reasonCode: string; sourceOffset: string };
  };
}

/**
 * Issue 13 against the real services: no input stalls, splits or silently drops an exchange. A NUL in
 * a message's text is refused whole at the router (nothing delivered, the sender told, the exchange
 * logged); a partner's binary correlation header never stops its rejection receipt reaching it; and
 * every dead letter, whatever bytes its key, value and headers hold, has its row in the monitor.
 */
describe('hostile input', () => {
  const stack = stackSettings();
  const db = new Client({ connectionString: stack.databaseUrl });
  let kafka: Kafka;
  let producer: Producer;

  const simulator = (path: string): string => hubServices.url('partner-simulator', path);
  async function inboxOf3F(): Promise<InboxItem[]> {
    const response = await fetch(simulator('/partners/akasse/3F/inbox'));
    return ((await response.json()) as { items: InboxItem[] }).items;
  }

  beforeAll(async () => {
    assertStackUp();
    hubServices.up(['partner-simulator', 'router', 'akasse-adapter', 'monitor']);
    await db.connect();
    kafka = testKafka();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await producer?.disconnect();
    await db.end();
    hubServices.down(['monitor', 'akasse-adapter', 'router', 'partner-simulator']);
  }, 60_000);

  it('refuses a message with a NUL in its text before delivering it, tells the sender despite a binary correlation header, and logs it on its own date', async () => {
    // Queued ten days ago: recent enough that retention keeps it, long enough not to be the day it is
    // rejected.
    const queuedAt = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const base = recommendation({ cpr: testCpr(1301), courseTitle: 'Truck\u0000certifikat' });
    const message = { ...base, envelope: { ...base.envelope, queuedAt } };
    const id = message.envelope.messageId;
    await producer.send({
      topic: F1_TOPIC,
      acks: -1,
      messages: atQueuedTime([
        {
          key: 'nul-citizen',
          value: encodeRecommendation(message),
          headers: { [HEADERS.correlationId]: Buffer.from([0x00, 0xff, 0xfe, 0x41, 0x00]) },
        },
      ]),
    });

    // The sender's system receives the receipt, naming the field.
    const receipt = await eventually(
      'the rejection receipt in 3F’s inbox',
      async () => (await inboxOf3F()).find((item) => item.document.messageId === id),
      { timeoutMs: 60_000 },
    );
    expect(receipt.document).toMatchObject({
      documentType: 'rejection-receipt',
      rejection: { reasonCode: 'NUL_IN_TEXT' },
    });
    const isOurReceipt = (value: Buffer | null): boolean =>
      value !== null && (codec.decode(value).value as RejectionReceipt).messageId === id;
    const [onTopic] = await collect(
      kafka,
      TOPICS.outbound('akasse'),
      (m) => header(m, HEADERS.kind) === 'routing.RejectionReceipt' && isOurReceipt(m.value),
      (seen) => seen.length >= 1,
      { settleMs: 0 },
    );
    expect((codec.decode(onTopic.value).value as RejectionReceipt).reasonText).toContain('courseTitle');
    // The partner's header bytes are not on it: the hub's own correlation id (here the message id) is.
    expect(onTopic.headers[HEADERS.correlationId]).toBe(id);

    // Logged as rejected, on the (Danish) date the message gives, to the receiver it names.
    const row = await eventually('the exchange log row', async () => {
      const result = await db.query<{
        status: string;
        reason_code: string;
        exchange_date: string;
        receivers: unknown;
      }>(
        'SELECT status, reason_code, exchange_date::text, receivers FROM exchange_log WHERE message_id = $1',
        [id],
      );
      return result.rows[0];
    });
    expect(row).toEqual({
      status: 'rejected',
      reason_code: 'NUL_IN_TEXT',
      exchange_date: new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(
        new Date(queuedAt),
      ),
      receivers: [{ kind: 'jobcenter', id: '707' }],
    });

    // Nothing went to the jobcentre: no routed copy on its topic, nothing queued for it.
    const routed = await collect(
      kafka,
      TOPICS.outbound('jobcenter'),
      (m) => header(m, HEADERS.messageId) === id,
      () => true,
      { settleMs: 2_000 },
    );
    expect(routed).toHaveLength(0);
    const queued = await db.query(
      'SELECT 1 FROM delivery_queue WHERE message_id = $1 AND receiver_kind = $2',
      [id, 'jobcenter'],
    );
    expect(queued.rowCount).toBe(0);
  });

  it('refuses a P-number field holding a CPR number at the router, naming the field and never copying its value', async () => {
    // Issue 16.4: such a value was copied into the ratio-rule finding, the exchange log, mails and
    // events. Now the router refuses it (INVALID_P_NUMBER) before judging anything.
    const cprInPNumber = testCpr(1303);
    const queuedAt = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const example = buildMessage({
      kind: 'vitas.PlacementGranted',
      sender: { kind: 'jobcenter', id: '707' },
      receivers: [
        { kind: 'company', id: '12345674' },
        { kind: 'akasse', id: 'HK' },
      ],
      queuedAt,
      cpr: testCpr(1304),
    });
    const company = (example.value as { company: Record<string, unknown> }).company;
    const granted = {
      ...example,
      value: { ...example.value, company: { ...company, pNumber: cprInPNumber } },
    };
    const publisher = new PartnerPublisher(kafka);
    try {
      await publisher.publish([granted]);
    } finally {
      await publisher.close();
    }
    const id = granted.messageId;
    const row = await eventually('the rejected exchange in the log', async () => {
      const result = await db.query<Record<string, unknown>>(
        'SELECT * FROM exchange_log WHERE message_id = $1',
        [id],
      );
      return result.rows[0];
    });
    expect(row).toMatchObject({ status: 'rejected', reason_code: 'INVALID_P_NUMBER' });
    // Everything the hub wrote about it: the log row, the receipt to the sender, the event.
    const isOurs = (value: Buffer | null): boolean =>
      value !== null && JSON.stringify(codec.decode(value).value).includes(id);
    const [receipt] = await collect(
      kafka,
      TOPICS.outbound('jobcenter'),
      (m) => header(m, HEADERS.kind) === 'routing.RejectionReceipt' && isOurs(m.value),
      (seen) => seen.length >= 1,
      { settleMs: 0 },
    );
    const [event] = await collect(
      kafka,
      TOPICS.events,
      (m) => m.key?.toString() === id,
      (seen) => seen.length >= 1,
      { settleMs: 0 },
    );
    expect((codec.decode(receipt.value).value as RejectionReceipt).reasonText).toContain('company.pNumber');
    for (const text of [
      JSON.stringify(row),
      JSON.stringify(codec.decode(receipt.value).value),
      JSON.stringify(codec.decode(event.value).value),
    ]) {
      expect(text).not.toContain(cprInPNumber);
      expect(text).not.toContain(cprInPNumber.replace('-', ''));
    }
  });

  it('delivers the receipt for a message it cannot read whose correlation header is binary', async () => {
    const [{ baseOffset }] = await producer.send({
      topic: F1_TOPIC,
      acks: -1,
      messages: [
        {
          key: Buffer.from([0xc3, 0x28, 0x00]),
          value: Buffer.from(`not avro\u0000${randomUUID()}`),
          headers: { [HEADERS.correlationId]: Buffer.from([0xc3, 0x28, 0x00, 0x0a]) },
        },
      ],
    });
    const item = await eventually(
      'the rejection receipt for the unreadable message in 3F’s inbox',
      async () =>
        (await inboxOf3F()).find(
          (entry) =>
            entry.document.rejection?.sourceOffset === baseOffset && entry.document.messageId === null,
        ),
      { timeoutMs: 60_000 },
    );
    expect(item.document.rejection?.reasonCode).toBe('WRONG_MARKER');
  });

  it('records every dead letter in the monitor, whatever its key, value and headers hold', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const offsets = async (): Promise<Map<number, bigint>> =>
      new Map((await admin.fetchTopicOffsets(TOPICS.deadLetters)).map((p) => [p.partition, BigInt(p.high)]));
    const before = await offsets();

    const mark = randomUUID();
    // Through the router: records it dead-letters with the partner's own key and headers kept.
    const viaRouter = [
      {
        key: Buffer.from([0xff, 0xfe, 0xfd]), // not UTF-8
        // A leading 00 is schema-registry framing (docs/wire-formats.md): schema id 0x00c32800, unknown.
        value: Buffer.from([0x00, 0x00, 0xc3, 0x28, 0x00]),
        headers: {
          'x-nul': Buffer.from('a\u0000b'),
          [HEADERS.correlationId]: Buffer.from([0x00, 0x80, 0xff]),
          'x-mark': mark,
        },
      },
      {
        key: 'binary-header',
        value: Buffer.from('garbage'),
        headers: { 'x-binary': Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]), 'x-mark': mark },
      },
      {
        // Over ROUTER_MAX_RECORD_BYTES: cut by the existing TOO_LARGE logic, its headers kept.
        key: 'too-large',
        value: Buffer.alloc(600_000, 0x00),
        headers: { 'x-binary': Buffer.from([0x00, 0xff]), 'x-mark': mark },
      },
      {
        key: 'nul-text',
        value: encodeRecommendation(recommendation({ cpr: testCpr(1302), courseTitle: '\u0000' })),
        headers: { [HEADERS.correlationId]: Buffer.from('\u0000'), 'x-mark': mark },
      },
    ];
    await producer.send({ topic: F1_TOPIC, acks: -1, messages: atQueuedTime(viaRouter) });
    // Straight onto the dead-letter topic, as a faulty or older producer might: the hub's own headers
    // hostile too (NUL in the reason, a binary partition, a date PostgreSQL cannot hold, none at all).
    const direct = [
      {
        key: Buffer.from([0x00]),
        value: Buffer.from([0x00]),
        headers: {
          [HEADERS.reasonCode]: Buffer.from('X\u0000'),
          [HEADERS.reasonText]: Buffer.concat([Buffer.from('why\u0000'), Buffer.from([0xff])]),
          [HEADERS.sourcePartition]: Buffer.from([0xff, 0xff]),
          [HEADERS.sourceTopic]: Buffer.from('hub.inbound.\u0000'),
          [HEADERS.rejectedAt]: Buffer.from('-200000-01-01T00:00:00Z'),
          [HEADERS.kind]: Buffer.alloc(10_000, 0xff),
          'x-mark': mark,
        },
      },
      { key: null, value: Buffer.alloc(0), headers: { 'x-mark': mark } },
    ];
    await producer.send({ topic: TOPICS.deadLetters, acks: -1, messages: direct });

    // The router's dead letters are committed with its transactions: wait until all of ours are on
    // the topic (read committed), then take the topic's end as the window to count.
    const ours = await collect(
      kafka,
      TOPICS.deadLetters,
      (m) => header(m, 'x-mark') === mark,
      (seen) => seen.length >= viaRouter.length + direct.length,
      { settleMs: 0 },
    );
    expect(ours).toHaveLength(viaRouter.length + direct.length);
    const after = await offsets();
    await admin.disconnect();

    const inWindow = (partition: number, offset: string): boolean =>
      BigInt(offset) >= (before.get(partition) ?? 0n) && BigInt(offset) < (after.get(partition) ?? 0n);
    const onTopic = await collect(
      kafka,
      TOPICS.deadLetters,
      () => true,
      () => true,
      { settleMs: 3_000 },
    ).then((seen) => seen.filter((r) => inWindow(r.partition, r.offset)));
    expect(onTopic.length).toBeGreaterThanOrEqual(ours.length);

    // The count on the topic equals the rows in the table, over the same stretch of the topic.
    const ids = onTopic.map((r) => `${r.partition}/${r.offset}`).sort();
    const rowsInWindow = async (): Promise<string[]> => {
      const result = await db.query<{ dead_letter_id: string }>(
        `SELECT dead_letter_id FROM dead_letter
          WHERE split_part(dead_letter_id, '/', 1)::int = ANY($1::int[])`,
        [[...after.keys()]],
      );
      return result.rows
        .map((row) => row.dead_letter_id)
        .filter((id) => {
          const [partition, offset] = id.split('/');
          return inWindow(Number(partition), offset);
        })
        .sort();
    };
    const rows = await eventually(
      `${ids.length} dead_letter rows`,
      async () => {
        const found = await rowsInWindow();
        return found.length >= ids.length ? found : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(rows).toEqual(ids);

    // What an operator reads: the reasons, with nothing PostgreSQL could not take.
    const reasons = await db.query<{ reason_code: string; correlation_id: string | null }>(
      'SELECT reason_code, correlation_id FROM dead_letter WHERE dead_letter_id = ANY($1)',
      [ours.map((r) => `${r.partition}/${r.offset}`)],
    );
    expect(reasons.rows.map((row) => row.reason_code).sort()).toEqual(
      ['NUL_IN_TEXT', 'TOO_LARGE', 'UNKNOWN', 'UNKNOWN_SCHEMA_ID', 'WRONG_MARKER', 'X\\x00'].sort(),
    );
    expect(reasons.rows.map((row) => row.correlation_id)).toContain('\\x00\\x80\\xff');
  });
});
