import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  CitizenCircumstances,
  EarlyOfferRecommendation,
  inboundTopic,
  loadHubCodec,
  PartyRef,
} from '@hub/contracts';

import { REPO_ROOT } from './local-stack';

export const codec = loadHubCodec();

const sample = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'demo/samples/f1-early-offer-recommendation.json'), 'utf8')) as {
    value: EarlyOfferRecommendation;
  }
).value;

/** A fictitious CPR number, valid in format and date, different for each n (the test's own citizens). */
export function testCpr(n: number): string {
  const day = String((n % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(n / 28) % 12) + 1).padStart(2, '0');
  return `${day}${month}88-${String(1000 + (n % 9000)).padStart(4, '0')}`;
}

/** The demo's F1 recommendation (3F → Norddjurs 707), with a fresh id and whatever the test changes. */
export function recommendation(
  changes: {
    cpr?: string;
    receivers?: PartyRef[];
    price?: string | null;
    courseTitle?: string;
    circumstances?: Partial<CitizenCircumstances>;
  } = {},
): EarlyOfferRecommendation {
  return {
    ...sample,
    envelope: {
      ...sample.envelope,
      messageId: randomUUID(),
      receivers: changes.receivers ?? sample.envelope.receivers,
    },
    citizen: {
      ...sample.citizen,
      cpr: changes.cpr ?? sample.citizen.cpr,
      circumstances:
        sample.citizen.circumstances && changes.circumstances
          ? { ...sample.citizen.circumstances, ...changes.circumstances }
          : sample.citizen.circumstances,
    },
    price: changes.price === undefined ? sample.price : changes.price,
    courseTitle: changes.courseTitle ?? sample.courseTitle,
  };
}

export const AKASSE_3F: PartyRef = { kind: 'akasse', id: '3F' };
export const F1_TOPIC = inboundTopic('beskedmodul', AKASSE_3F);

export const encodeRecommendation = (value: EarlyOfferRecommendation): Buffer =>
  codec.encode('beskedmodul.EarlyOfferRecommendation', value);

/**
 * The test profile's inbound topics are stamped by the publisher's clock (HUB_INBOUND_TIMESTAMPS=
 * create-time), and the router judges on that time: each record gets its own message's
 * envelope.queuedAt, as the partner simulator does, so a test replays the date its message states.
 * A record that is no partner message (garbage, a test's own bytes) keeps the producer's clock.
 */
export function atQueuedTime<Message extends { value: Buffer | string | null; timestamp?: string }>(
  messages: readonly Message[],
): Message[] {
  return messages.map((message) => {
    const queuedAt = queuedAtOf(message.value);
    return queuedAt === undefined ? message : { ...message, timestamp: String(Date.parse(queuedAt)) };
  });
}

function queuedAtOf(value: Buffer | string | null): string | undefined {
  if (!Buffer.isBuffer(value)) return undefined;
  try {
    const decoded = codec.decode(value).value as { envelope?: { queuedAt?: unknown } };
    return typeof decoded.envelope?.queuedAt === 'string' ? decoded.envelope.queuedAt : undefined;
  } catch {
    return undefined;
  }
}
