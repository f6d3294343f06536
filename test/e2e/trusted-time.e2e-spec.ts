import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DanishWorkingDayCalendar } from '@hub/agreements';
import {
  EarlyOfferDecision,
  ExchangeRouted,
  HEADERS,
  inboundTopic,
  loadMessageExamples,
  PartyRef,
  TOPICS,
} from '@hub/contracts';
import type { Kafka, Producer } from '@hub/kafka';

import { eventually } from '../support/eventually';
import { collect, header, testKafka } from '../support/kafka-topics';
import { assertStackUp, hubCli, hubServices, PROFILE, REPO_ROOT } from '../support/local-stack';
import { codec, testCpr } from '../support/messages';

const AALBORG: PartyRef = { kind: 'jobcenter', id: '851' };
const AKASSE_3F: PartyRef = { kind: 'akasse', id: '3F' };
const AALBORG_TOPIC = inboundTopic('beskedmodul', AALBORG);
const LOG_APPEND_TIME = { HUB_INBOUND_TIMESTAMPS: 'log-append-time' };

/**
 * Issue 16, item 7: lateness and the agreement in force are judged on when the hub received a
 * message. Here the inbound topics run as in production (HUB_INBOUND_TIMESTAMPS=log-append-time:
 * the broker stamps each record), and a jobcentre backdates its decision both in the message
 * (envelope.queuedAt) and in the Kafka record's own timestamp: the broker's time wins, the decision is
 * late (RESPONSE_LATE, 5 working days, "hurtigst muligt" in the example Aalborg agreement, in force
 * 2026-2027) and the claim is a finding (CLAIMED_TIME_DIVERGES). The test profile's other suites
 * replay past dates on create-time topics; this suite puts them back when it is done.
 */
describe('time the hub can trust', () => {
  const agreementsDir = mkdtempSync(join(tmpdir(), 'hub-agreements-'));
  const calendar = new DanishWorkingDayCalendar();
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());
  let kafka: Kafka;
  let producer: Producer;

  const routerLogFile = join(REPO_ROOT, '.stack', PROFILE, 'services', 'router.log');
  const routerLog = (): string => (existsSync(routerLogFile) ? readFileSync(routerLogFile, 'utf8') : '');

  beforeAll(async () => {
    assertStackUp();
    // Aalborg's agreement (example-new-municipality, in force 2026-01-01 to 2027-12-31) is in force today.
    cpSync(join(REPO_ROOT, 'agreements'), agreementsDir, { recursive: true });
    cpSync(join(REPO_ROOT, 'libs/agreements/src/testing/example-new-municipality'), agreementsDir, {
      recursive: true,
    });
    hubCli(['topics', 'create'], { HUB_AGREEMENTS_DIR: agreementsDir });
    hubServices.down(['router']);
    kafka = testKafka();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer.disconnect();
    hubServices.down(['router']);
    // Back to the profile's create-time topics, for the suites that replay past dates.
    hubCli(['topics', 'create'], { HUB_AGREEMENTS_DIR: agreementsDir });
    rmSync(agreementsDir, { recursive: true, force: true });
  }, 120_000);

  it('refuses to start when the inbound topics are not stamped by the clock it is told to judge on', () => {
    const logBefore = routerLog().length;
    expect(() =>
      hubServices.up(['router'], { ...LOG_APPEND_TIME, HUB_AGREEMENTS_DIR: agreementsDir }),
    ).toThrow();
    const said = routerLog().slice(logBefore);
    expect(said).toContain(
      'HUB_INBOUND_TIMESTAMPS=log-append-time needs message.timestamp.type=LogAppendTime',
    );
    expect(said).toContain(AALBORG_TOPIC);
    expect(said).toContain('hub topics create');
  });

  it('judges a backdated decision on the broker time: late, and the claimed time a finding', async () => {
    const out = hubCli(['topics', 'create', '--json'], {
      ...LOG_APPEND_TIME,
      HUB_AGREEMENTS_DIR: agreementsDir,
    });
    const created = JSON.parse(out.trim().split('\n').pop() as string) as { retimed: string[] };
    expect(created.retimed).toContain(AALBORG_TOPIC);
    hubServices.up(['router'], { ...LOG_APPEND_TIME, HUB_AGREEMENTS_DIR: agreementsDir });

    // 3F recommended 10 working days ago; the decision claims to be from 2 working days after that
    // (inside the 5), in its envelope and in the record's timestamp alike.
    const recommendedOn = calendar.addWorkingDays(today, -10);
    const claimedOn = calendar.addWorkingDays(recommendedOn, 2);
    const claimedAt = `${claimedOn}T10:00:00.000Z`;
    const example = loadMessageExamples().get('beskedmodul.EarlyOfferDecision')?.json as Record<
      string,
      unknown
    >;
    const decision: EarlyOfferDecision = codec.fromJson('beskedmodul.EarlyOfferDecision', {
      ...example,
      envelope: {
        ...(example.envelope as Record<string, unknown>),
        messageId: randomUUID(),
        sender: AALBORG,
        receivers: [AKASSE_3F],
        originSystem: 'Jobcenter Aalborg case system',
        queuedAt: claimedAt,
      },
      citizen: {
        cpr: testCpr(4711),
        unemploymentStartDate: calendar.addWorkingDays(today, -40),
        circumstances: null,
      },
      decidedOn: claimedOn,
      inReplyTo: {
        messageId: randomUUID(),
        kind: 'beskedmodul.EarlyOfferRecommendation',
        exchangeDate: recommendedOn,
      },
    });
    const id = decision.envelope.messageId;
    await producer.send({
      topic: AALBORG_TOPIC,
      acks: -1,
      messages: [
        {
          key: id,
          value: codec.encode('beskedmodul.EarlyOfferDecision', decision),
          headers: { [HEADERS.correlationId]: id },
          timestamp: String(Date.parse(claimedAt)),
        },
      ],
    });

    const [event] = await collect(
      kafka,
      TOPICS.events,
      (m) => header(m, HEADERS.messageId) === id && header(m, HEADERS.kind) === 'events.ExchangeRouted',
      (seen) => seen.length >= 1,
      { timeoutMs: 90_000 },
    );
    const routed = codec.decode(event.value).value as ExchangeRouted;
    expect(routed).toMatchObject({
      agreementId: 'aalborg-akasser-2026',
      exchangeDate: today,
      queuedAt: claimedAt,
      verdict: 'deliver_and_flag',
    });
    const codes = routed.findings.map((finding) => finding.code);
    expect(codes).toEqual(expect.arrayContaining(['RESPONSE_LATE', 'CLAIMED_TIME_DIVERGES']));
    const divergence = routed.findings.find((finding) => finding.code === 'CLAIMED_TIME_DIVERGES');
    expect(divergence?.severity).toBe('deliver_and_flag');
    expect(divergence?.messageEn).toMatch(
      /^The sending time \(envelope\.queuedAt\) is \d+ days? .*before the hub received/,
    );
    // Names times, never the person: no CPR number in what the hub wrote about it.
    expect(JSON.stringify(routed.findings)).not.toContain(testCpr(4711));
    await eventually('the router to say which clock it judges on', async () =>
      routerLog().includes('"inboundTimestamps":"log-append-time"') ? true : undefined,
    );
  });
});
