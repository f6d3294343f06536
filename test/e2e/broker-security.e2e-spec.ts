import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

import { inboundTopic, PRINCIPALS, TOPICS, type PartyRef } from '@hub/contracts';
// An attacker does not use the hub's client code: raw kafkajs, on purpose, and its protocol error table.
// eslint-disable-next-line no-restricted-imports
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';

import { testKafka } from '../support/kafka-topics';
import { assertStackUp, stackKafka, stackSettings } from '../support/local-stack';

/**
 * Break-in attempts against the secured broker of the test profile (HUB_KAFKA_SECURITY=sasl_ssl):
 * each is refused by the broker itself, whatever the client sends. The hub learns a message's sender
 * from its inbound topic (libs/contracts/src/topics.ts), so these ACLs are the sender check.
 */

const AKASSE_3F: PartyRef = { kind: 'akasse', id: '3F' };
const JOBCENTER_707: PartyRef = { kind: 'jobcenter', id: '707' };

/**
 * A client that tries what it should not: raw kafkajs (not the hub's client code, which an attacker
 * does not use), no retries, and every error kafkajs meets remembered by its protocol error type,
 * including those kafkajs only logs (an authorisation refusal of FindCoordinator becomes a plain
 * "Failed to find group coordinator").
 */
interface Attacker {
  kafka: Kafka;
  /** kafkajs error types (e.g. GROUP_AUTHORIZATION_FAILED) seen so far, also in kafkajs's own log. */
  seen: Set<string>;
}

function attacker(config: Omit<KafkaConfig, 'brokers' | 'clientId'>): Attacker {
  const seen = new Set<string>();
  const kafka = new Kafka({
    clientId: `break-in-${randomUUID().slice(0, 8)}`,
    brokers: stackSettings().brokers.split(','),
    retry: { retries: 0 },
    connectionTimeout: 10_000,
    authenticationTimeout: 10_000,
    ...config,
    logLevel: logLevel.DEBUG,
    logCreator:
      () =>
      ({ log }) => {
        const type = (log.error as { type?: unknown } | undefined)?.type;
        if (typeof type === 'string') seen.add(type);
      },
  });
  return { kafka, seen };
}

/** A principal of the stack (SCRAM over TLS with the stack's CA), as an attacker client. */
const as = (principal: string): Attacker => {
  const { security } = stackKafka(principal);
  if (!security?.sasl) throw new Error('the test profile must be secured (HUB_KAFKA_SECURITY=sasl_ssl)');
  return attacker({ ssl: { ca: security.ca }, sasl: { mechanism: 'scram-sha-512', ...security.sasl } });
};

/** kafkajs's protocol errors by message: a wrapper (KafkaJSNonRetriableError) keeps only the message. */
const PROTOCOL_ERRORS = (
  createRequire(require.resolve('kafkajs'))('./src/protocol/error') as {
    errorCodes: { type: string; message: string }[];
  }
).errorCodes;

interface Refusal {
  /** Error class names, outermost first. */
  names: string[];
  /** kafkajs protocol error types: the broker's answers. */
  types: string[];
  messages: string[];
}

/** What a refused attempt failed with, through kafkajs's wrappers; fails the test if it succeeded. */
async function refusal(client: Attacker, attempt: (kafka: Kafka) => Promise<unknown>): Promise<Refusal> {
  client.seen.clear();
  try {
    await attempt(client.kafka);
  } catch (error) {
    const types = new Set<string>(client.seen);
    const names: string[] = [];
    const messages: string[] = [];
    // kafkajs wraps: retries (originalError), aggregates (errors), per group (groups[].error).
    const visit = (e: unknown): void => {
      if (typeof e !== 'object' || e === null) return;
      const {
        type,
        name,
        message,
        errors,
        groups,
        error: inner,
        originalError,
      } = e as {
        type?: string;
        name?: string;
        message?: string;
        errors?: unknown[];
        groups?: unknown[];
        error?: unknown;
        originalError?: unknown;
      };
      if (typeof type === 'string') types.add(type);
      if (typeof name === 'string') names.push(name);
      if (typeof message === 'string') {
        messages.push(message);
        const known = PROTOCOL_ERRORS.find((protocolError) => protocolError.message === message);
        if (known) types.add(known.type);
      }
      for (const nested of [...(errors ?? []), ...(groups ?? []), inner, originalError]) visit(nested);
    };
    visit(error);
    return { names, types: [...types], messages };
  }
  throw new Error('the broker allowed it');
}

async function withProducer<T>(
  kafka: Kafka,
  use: (send: (topic: string) => Promise<unknown>) => Promise<T>,
): Promise<T> {
  const producer = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 0 } });
  await producer.connect();
  try {
    return await use((topic) =>
      producer.send({ topic, acks: -1, messages: [{ key: 'break-in', value: 'not a hub message' }] }),
    );
  } finally {
    await producer.disconnect();
  }
}

const send = (topic: string) => (kafka: Kafka) => withProducer(kafka, (sendTo) => sendTo(topic));

async function withAdmin<T>(
  kafka: Kafka,
  use: (admin: ReturnType<Kafka['admin']>) => Promise<T>,
): Promise<T> {
  const admin = kafka.admin({ retry: { retries: 0 } });
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Subscribes and runs a consumer until it reads something or crashes (the broker refusing it). */
async function consume(kafka: Kafka, groupId: string, topic: string): Promise<void> {
  const consumer = kafka.consumer({ groupId, retry: { retries: 0 } });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      consumer.run({ eachMessage: async () => resolve() }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

describe('the secured broker refuses what a principal may not do', () => {
  const ownTopic = inboundTopic('beskedmodul', AKASSE_3F);
  const othersTopic = inboundTopic('beskedmodul', JOBCENTER_707);

  beforeAll(() => {
    assertStackUp();
    // These tests mean nothing against a plaintext broker: the test profile must be the secured one.
    expect(stackSettings().kafkaEnv.HUB_KAFKA_CREDENTIALS_FILE).toBeDefined();
  });

  describe('a partner', () => {
    const partner = as(PRINCIPALS.partner(AKASSE_3F));

    it('may write its own inbound topic (the control: its credentials work)', async () => {
      const written = (await send(ownTopic)(partner.kafka)) as { topicName: string }[];
      expect(written[0].topicName).toBe(ownTopic);
    });

    it("may not write another partner's inbound topic: it cannot pose as that partner", async () => {
      expect((await refusal(partner, send(othersTopic))).types).toContain('TOPIC_AUTHORIZATION_FAILED');
    });

    it('may not write an outbound, event or dead-letter topic', async () => {
      for (const topic of [TOPICS.outbound('jobcenter'), TOPICS.events, TOPICS.deadLetters]) {
        const refused = await refusal(partner, send(topic));
        expect({ topic, types: refused.types }).toEqual({ topic, types: ['TOPIC_AUTHORIZATION_FAILED'] });
      }
    });

    it('may not read an outbound topic', async () => {
      const refused = await refusal(partner, (kafka) =>
        consume(kafka, `partner-reader-${randomUUID()}`, TOPICS.outbound('akasse')),
      );
      expect(refused.types).toContain('TOPIC_AUTHORIZATION_FAILED');
    });

    it("may not delete the router's consumer group (which would replay or lose its position)", async () => {
      const refused = await refusal(partner, (kafka) =>
        withAdmin(kafka, (admin) => admin.deleteGroups(['hub-router'])),
      );
      expect(refused.types).toContain('GROUP_AUTHORIZATION_FAILED');
    });

    it('may neither create a topic nor delete its own', async () => {
      const created = await refusal(partner, (kafka) =>
        withAdmin(kafka, (admin) =>
          admin.createTopics({ topics: [{ topic: `hub.inbound.beskedmodul.akasse-3f-${randomUUID()}.v1` }] }),
        ),
      );
      expect(created.types).toContain('TOPIC_AUTHORIZATION_FAILED');
      const deleted = await refusal(partner, (kafka) =>
        withAdmin(kafka, (admin) => admin.deleteTopics({ topics: [ownTopic], timeout: 5_000 })),
      );
      expect(deleted.types).toContain('TOPIC_AUTHORIZATION_FAILED');
    });
  });

  describe('a hub service', () => {
    it('may not publish on an inbound topic, as if it were a partner', async () => {
      for (const principal of [PRINCIPALS.router, PRINCIPALS.notifier, PRINCIPALS.adapter('akasse')]) {
        const refused = await refusal(as(principal), send(othersTopic));
        expect({ principal, types: refused.types }).toEqual({
          principal,
          types: ['TOPIC_AUTHORIZATION_FAILED'],
        });
      }
    });

    it("may not read another service's topic: the a-kasse adapter reading the jobcentres' deliveries", async () => {
      const refused = await refusal(as(PRINCIPALS.adapter('akasse')), (kafka) =>
        consume(kafka, 'hub-akasse-adapter', TOPICS.outbound('jobcenter')),
      );
      expect(refused.types).toContain('TOPIC_AUTHORIZATION_FAILED');
    });

    it("may not join another service's consumer group", async () => {
      const refused = await refusal(as(PRINCIPALS.notifier), (kafka) =>
        consume(kafka, 'hub-router', TOPICS.events),
      );
      expect(refused.types).toContain('GROUP_AUTHORIZATION_FAILED');
    });

    it('may not create or delete topics, nor delete consumer groups', async () => {
      const router = as(PRINCIPALS.router);
      const created = await refusal(router, (kafka) =>
        withAdmin(kafka, (admin) =>
          admin.createTopics({ topics: [{ topic: `hub.inbound.vitas.vitas-${randomUUID()}.v1` }] }),
        ),
      );
      expect(created.types).toContain('TOPIC_AUTHORIZATION_FAILED');
      const deleted = await refusal(router, (kafka) =>
        withAdmin(kafka, (admin) => admin.deleteTopics({ topics: [TOPICS.events], timeout: 5_000 })),
      );
      expect(deleted.types).toContain('TOPIC_AUTHORIZATION_FAILED');
      // The monitor may describe every hub group (consumer lag), not delete one.
      const group = await refusal(as(PRINCIPALS.monitor), (kafka) =>
        withAdmin(kafka, (admin) => admin.deleteGroups(['hub-router'])),
      );
      expect(group.types).toContain('GROUP_AUTHORIZATION_FAILED');
    });
  });

  describe('a client without valid credentials', () => {
    const listTopics = (kafka: Kafka) => withAdmin(kafka, (admin) => admin.listTopics());

    it('gets nothing in plaintext: the only client listener speaks TLS', async () => {
      const refused = await refusal(attacker({}), listTopics);
      expect(refused.messages).toContain('Closed connection');
    });

    it('gets nothing over TLS without SASL (anonymous)', async () => {
      const refused = await refusal(attacker({ ssl: { ca: stackKafka().security?.ca } }), listTopics);
      expect(refused.names).toContain('KafkaJSConnectionClosedError');
    });

    it.each([
      ['a wrong password', PRINCIPALS.operator, 'not-the-password'],
      ['an unknown user', 'partner-akasse-nobody', 'any-password'],
    ])('fails SASL authentication with %s', async (_what, username, password) => {
      const impostor = attacker({
        ssl: { ca: stackKafka().security?.ca },
        sasl: { mechanism: 'scram-sha-512', username, password },
      });
      const refused = await refusal(impostor, listTopics);
      expect(refused.names[0]).toBe('KafkaJSSASLAuthenticationError');
      expect(refused.messages[0]).toMatch(/SASL SCRAM SHA512 authentication failed/);
    });

    it("does not talk to a broker whose certificate the stack's CA did not sign", async () => {
      const operator = stackKafka().security?.sasl;
      // Node's own CA list instead of the stack's CA: a client configured so would not trust the broker,
      // nor would a hub client trust a broker posing with another certificate.
      const refused = await refusal(
        attacker({ ssl: true, ...(operator && { sasl: { mechanism: 'scram-sha-512', ...operator } }) }),
        listTopics,
      );
      expect(refused.messages.join('\n')).toMatch(/self-signed certificate in certificate chain/);
    });
  });

  it('lets the operator do all of it (the CLI and the tests run as the operator)', async () => {
    const topic = `it-security-${randomUUID()}`;
    await withAdmin(testKafka(), async (admin) => {
      await admin.createTopics({ topics: [{ topic }], waitForLeaders: false });
      await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
    });
  });
});
