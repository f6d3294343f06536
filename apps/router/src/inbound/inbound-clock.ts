import type { InboundTimestamps } from '@hub/config';
import { INBOUND_TIMESTAMP_TYPES, parseInboundTopic, TIMESTAMP_TYPE_CONFIG } from '@hub/contracts';
import { describeTopicConfig, type Kafka } from '@hub/kafka';

/** The router cannot judge time on these topics as the setting says: it refuses to start. */
export class InboundClockError extends Error {}

/**
 * Checks that every inbound topic on the broker is stamped by the clock HUB_INBOUND_TIMESTAMPS names:
 * the router judges lateness and the agreement in force on the record's timestamp, so a topic left on
 * CreateTime in production would let the partner set the hub's clock. Run at start-up; a partner's
 * topic created later by `hub topics create` gets the type from the same setting.
 */
export async function assertInboundClock(kafka: Kafka, setting: InboundTimestamps): Promise<string[]> {
  const expected = INBOUND_TIMESTAMP_TYPES[setting];
  const admin = kafka.admin();
  await admin.connect();
  let inbound: string[];
  try {
    inbound = (await admin.listTopics()).filter((topic) => parseInboundTopic(topic) !== undefined).sort();
  } finally {
    await admin.disconnect();
  }
  const types = await describeTopicConfig(kafka, inbound, TIMESTAMP_TYPE_CONFIG);
  const wrong = inbound.filter((topic) => types.get(topic) !== expected);
  if (wrong.length > 0) {
    const found = wrong.map((topic) => `${topic} (${types.get(topic) ?? 'unknown'})`).join(', ');
    throw new InboundClockError(
      `HUB_INBOUND_TIMESTAMPS=${setting} needs ${TIMESTAMP_TYPE_CONFIG}=${expected} on every inbound topic, but these differ: ${found}. ` +
        'Run `hub topics create` as the operator with the same setting (it sets the type), or correct the setting.',
    );
  }
  return inbound;
}
