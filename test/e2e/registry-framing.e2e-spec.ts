import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

import {
  EarlyOfferDecision,
  HEADERS,
  inboundTopic,
  PartyRef,
  PRINCIPALS,
  RejectionReceipt,
  RoutedMessage,
  SchemaIdEntry,
  TOPICS,
} from '@hub/contracts';
import type { Producer } from '@hub/kafka';

import { eventually } from '../support/eventually';
import { collect, header, testKafka } from '../support/kafka-topics';
import { assertStackUp, hubCli, hubServices, REPO_ROOT, stackSettings } from '../support/local-stack';
import { AKASSE_3F, codec, F1_TOPIC, recommendation, testCpr } from '../support/messages';
import { StockRegistryPartner } from '../support/registry-partner';

interface InboxItem {
  deliveries: number;
  document: { messageId: string; message?: { citizen?: { cpr: string } } };
}

const JOBCENTER_707: PartyRef = { kind: 'jobcenter', id: '707' };
const AKASSE_HK: PartyRef = { kind: 'akasse', id: 'HK' };

/**
 * Issue 14, item 6, on the real services: a partner whose system uses a stock schema-registry
 * serializer (`@kafkajs/confluent-schema-registry`, as a Node partner would) publishes on its
 * inbound topic in schema-registry framing (00, 4-byte schema id, Avro body); the router reads it
 * like single-object encoding, and frames each routed copy the way its receiver is configured in
 * parties.yaml (`framing`). Jobcenter Norddjurs (707) is set to schema-registry framing in this
 * test's copy of the agreements; everyone else keeps the default, single-object.
 *
 * With a schema registry in the stack (HUB_SCHEMA_REGISTRY=apicurio: `infra/bin/stack env` prints
 * HUB_SCHEMA_REGISTRY_URL) the hub registers its schemas there and the partner's serializer fetches
 * them from it; without one, both sides use the committed ids (schemas/registry-ids.json) and the
 * stock serializer is given the schema for its id up front, as a registry would hand it out.
 */
describe('schema-registry framing, end to end', () => {
  const stack = stackSettings();
  const registryUrl = stack.schemaRegistryUrl;
  const agreementsDir = mkdtempSync(join(tmpdir(), 'hub-agreements-'));
  const services = ['router', 'jobcenter-adapter', 'akasse-adapter', 'partner-simulator'];
  const kafka = testKafka();
  let producer: Producer;
  let partner: StockRegistryPartner;
  /** What `hub schemas register` printed, with a registry; undefined without one. */
  let registeredIds: SchemaIdEntry[] | undefined;
  const inbox = async (party: PartyRef, messageId: string): Promise<InboxItem | undefined> => {
    const response = await fetch(
      hubServices.url('partner-simulator', `/partners/${party.kind}/${party.id}/inbox`),
    );
    const items = ((await response.json()) as { items: InboxItem[] }).items;
    return items.find((item) => item.document.messageId === messageId);
  };
  const routedTo = async (
    receiverKind: 'jobcenter' | 'akasse',
    messageId: string,
  ): Promise<RoutedMessage> => {
    const [record] = await collect(
      kafka,
      TOPICS.outbound(receiverKind),
      (message) =>
        header(message, HEADERS.messageId) === messageId &&
        header(message, HEADERS.kind) === 'routing.RoutedMessage',
      (seen) => seen.length >= 1,
      { settleMs: 0 },
    );
    return codec.decode(record.value).value as RoutedMessage;
  };

  beforeAll(async () => {
    assertStackUp();
    cpSync(join(REPO_ROOT, 'agreements'), agreementsDir, { recursive: true });
    const parties = join(agreementsDir, 'parties.yaml');
    const text = readFileSync(parties, 'utf8');
    const norddjurs = "    id: '707'\n";
    expect(text).toContain(norddjurs);
    writeFileSync(parties, text.replace(norddjurs, `${norddjurs}    framing: schema-registry\n`));
    const env: Record<string, string> = { HUB_AGREEMENTS_DIR: agreementsDir };
    if (registryUrl) {
      // Another team's schema first: on a fresh registry every id of the hub's then differs from the
      // committed table's, so the hub can only read what the partner writes with the registry's ids.
      const other = await fetch(`${registryUrl}/subjects/e2e.other.Team/versions`, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
        body: JSON.stringify({
          schema: JSON.stringify({ type: 'record', name: 'Team', namespace: 'e2e.other', fields: [] }),
        }),
      });
      expect(other.status).toBe(200);
      registeredIds = JSON.parse(
        `[${hubCli(['schemas', 'register', '--registry', registryUrl, '--json']).trim().split('\n').join(',')}]`,
      ) as SchemaIdEntry[];
      env.HUB_SCHEMA_REGISTRY_URL = registryUrl;
    }
    hubServices.up(services, env);
    partner = await StockRegistryPartner.connect(registryUrl);
    producer = testKafka(PRINCIPALS.partner(AKASSE_3F)).producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await producer?.disconnect();
    hubServices.down(services);
  }, 60_000);

  it('routes what a stock serializer wrote, and gives the registry-framed receiver bytes the stock deserializer reads', async () => {
    const message = recommendation({ cpr: testCpr(2201) });
    const messageId = message.envelope.messageId;
    const bytes = await partner.encode('beskedmodul.EarlyOfferRecommendation', message);
    expect(bytes[0]).toBe(0x00);
    // The id the partner's serializer chose is the one the hub registered (or committed) for the kind.
    const fingerprint = codec.fingerprintOf('beskedmodul.EarlyOfferRecommendation');
    const hubIds = registeredIds ?? codec.schemaIdTable()?.entries() ?? [];
    expect(bytes.readUInt32BE(1)).toBe(hubIds.find((entry) => entry.fingerprint === fingerprint)?.id);
    await producer.send({ topic: F1_TOPIC, acks: -1, messages: [{ key: 'registry-framed', value: bytes }] });

    const delivered = await eventually(
      'the delivery at jobcenter 707',
      () => inbox(JOBCENTER_707, messageId),
      {
        timeoutMs: 60_000,
      },
    );
    expect(delivered.document.message?.citizen?.cpr).toBe(message.citizen.cpr);

    // 707 reads schema-registry framing: its routed copy carries the partner's bytes as they came.
    const routed = await routedTo('jobcenter', messageId);
    expect(routed.payload.equals(bytes)).toBe(true);
    const read = (await partner.decode(routed.payload)) as { envelope: { messageId: string } };
    expect(read.envelope.messageId).toBe(messageId);
  });

  it('frames a single-object message as schema-registry for 707, and a registry-framed one as single-object for HK', async () => {
    const single = recommendation({ cpr: testCpr(2202) });
    await producer.send({
      topic: F1_TOPIC,
      acks: -1,
      messages: [
        { key: 'single-object', value: codec.encode('beskedmodul.EarlyOfferRecommendation', single) },
      ],
    });
    const toRegistry = await routedTo('jobcenter', single.envelope.messageId);
    expect(toRegistry.payload[0]).toBe(0x00);
    const readByPartner = (await partner.decode(toRegistry.payload)) as { envelope: { messageId: string } };
    expect(readByPartner.envelope.messageId).toBe(single.envelope.messageId);

    // Norddjurs answers HK with its stock serializer; HK's system reads the hub's own encoding.
    const decision = JSON.parse(
      readFileSync(join(REPO_ROOT, 'schemas/examples/beskedmodul.EarlyOfferDecision.json'), 'utf8'),
    ) as EarlyOfferDecision;
    decision.envelope.messageId = randomUUID();
    const jobcenterProducer = testKafka(PRINCIPALS.partner(JOBCENTER_707)).producer();
    await jobcenterProducer.connect();
    try {
      await jobcenterProducer.send({
        topic: inboundTopic('beskedmodul', JOBCENTER_707),
        acks: -1,
        messages: [
          {
            key: 'decision',
            value: await partner.encode(
              'beskedmodul.EarlyOfferDecision',
              codec.fromJson('beskedmodul.EarlyOfferDecision', decision),
            ),
          },
        ],
      });
    } finally {
      await jobcenterProducer.disconnect();
    }
    const toSingle = await routedTo('akasse', decision.envelope.messageId);
    expect(toSingle.receiver).toEqual(AKASSE_HK);
    expect([...toSingle.payload.subarray(0, 2)]).toEqual([0xc3, 0x01]);
    expect(codec.decode(toSingle.payload).value).toMatchObject({
      envelope: { messageId: decision.envelope.messageId },
    });
    await eventually('the delivery at akasse HK', () => inbox(AKASSE_HK, decision.envelope.messageId), {
      timeoutMs: 60_000,
    });
  });

  it('dead-letters a schema id the hub does not know, untouched, and tells the sender why', async () => {
    const bytes = await partner.encode(
      'beskedmodul.EarlyOfferRecommendation',
      recommendation({ cpr: testCpr(2203) }),
    );
    const unknownId = Buffer.from(bytes);
    unknownId.writeUInt32BE(0x7ffffff0, 1);
    await producer.send({ topic: F1_TOPIC, acks: -1, messages: [{ key: 'unknown-id', value: unknownId }] });

    const [letter] = await collect(
      kafka,
      TOPICS.deadLetters,
      (message) => message.value?.equals(unknownId) === true,
      (seen) => seen.length >= 1,
      { settleMs: 0 },
    );
    expect(letter.headers[HEADERS.reasonCode]).toBe('UNKNOWN_SCHEMA_ID');
    expect(letter.headers[HEADERS.reasonText]).toContain(`unknown schema id ${0x7ffffff0}`);
    expect(letter.headers[HEADERS.sourceTopic]).toBe(F1_TOPIC);

    const source = `${letter.headers[HEADERS.sourcePartition]}/${letter.headers[HEADERS.sourceOffset]}`;
    const [receipt] = await collect(
      kafka,
      TOPICS.outbound('akasse'),
      (message) => {
        if (header(message, HEADERS.kind) !== 'routing.RejectionReceipt') return false;
        const value = codec.decode(message.value ?? Buffer.alloc(0)).value as RejectionReceipt;
        return value.sourceTopic === F1_TOPIC && `${value.sourcePartition}/${value.sourceOffset}` === source;
      },
      (seen) => seen.length >= 1,
      { settleMs: 0 },
    );
    const value = codec.decode(receipt.value).value as RejectionReceipt;
    expect([value.reasonCode, value.receiver]).toEqual(['UNKNOWN_SCHEMA_ID', AKASSE_3F]);
  });
});
