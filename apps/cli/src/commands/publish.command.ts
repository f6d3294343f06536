import { randomUUID } from 'node:crypto';

import { Command, Option } from 'commander';
import {
  ChannelValues,
  HEADERS,
  inboundTopic,
  loadHubCodec,
  MessageTypes,
  Channel,
  PartyRef,
  PRINCIPALS,
} from '@hub/contracts';

import {
  brokersOption,
  hubClock,
  jsonOption,
  kafkaFrom,
  parseParty,
  print,
  readMessageInput,
  UsageError,
} from '../cli-support';

interface PublishOptions {
  as?: string;
  file: string;
  kind?: string;
  channel?: Channel;
  newId?: boolean;
  key?: string;
  at?: string;
  brokers: string;
  json?: boolean;
}

export function publishCommand(): Command {
  return new Command('publish')
    .description('encode a message given as JSON with its Avro schema and publish it as a partner would')
    .option('--as <party>', "the sending partner, KIND:ID (e.g. akasse:3F); default: the envelope's sender")
    .requiredOption(
      '-f, --file <path>',
      'JSON file with the message, or - for standard input: {"kind": ..., "value": {...}}, or the bare value (kind from --kind or a <kind>.json file name)',
    )
    .option(
      '--kind <kind>',
      'message kind, e.g. beskedmodul.EarlyOfferRecommendation (if the file has no "kind")',
    )
    .addOption(
      new Option('--channel <channel>', "channel to publish on (default: the kind's own)").choices([
        ...ChannelValues,
      ]),
    )
    .option(
      '--new-id',
      'give the message a fresh message id (to send an example again; queuedAt is kept, so the agreement in force then applies)',
    )
    .option(
      '--key <key>',
      "Kafka key (default: the message id); partners key by their own citizen reference to keep a person's messages in order",
    )
    .option(
      '--at <time>',
      "the time the hub is to take the message as received (ISO 8601 with zone, e.g. 2025-03-03T09:15:00+01:00). Only with HUB_INBOUND_TIMESTAMPS=create-time (local profiles: the hub's clock is set by the publisher, for replaying past dates), where the default is the message's own envelope.queuedAt; with log-append-time (production) the broker stamps the time it receives the record and --at is refused",
    )
    .addOption(brokersOption())
    .addOption(jsonOption())
    .action(async (options: PublishOptions) => {
      const clock = publisherClock(options.at);
      const { kind, json } = readMessageInput(options.file, options.kind);
      const codec = loadHubCodec();
      if (!codec.hasKind(kind))
        throw new UsageError(`unknown message kind ${kind}; known: ${codec.kinds().join(', ')}`);
      let value: MessageTypes[typeof kind];
      try {
        value = codec.fromJson(kind, json);
      } catch (error) {
        throw new UsageError(`not a valid ${kind}: ${(error as Error).message}`);
      }
      const envelope = (value as { envelope?: { sender: PartyRef; messageId: string; queuedAt: string } })
        .envelope;
      if (!options.as && !envelope)
        throw new UsageError('no sender: give --as KIND:ID or an envelope.sender in the message');
      // The topic decides who the hub believes sent it; --as lets a test publish as someone else.
      const sender = options.as ? parseParty(options.as) : (envelope as { sender: PartyRef }).sender;
      if (options.newId && envelope) envelope.messageId = randomUUID();
      const bytes = codec.encode(kind, value);
      const channel = options.channel ?? (kind.split('.')[0] as Channel);
      const topic = inboundTopic(channel, sender);
      const messageId = envelope?.messageId ?? randomUUID();
      // As the sender's own principal: the broker refuses a topic that partner may not write.
      const producer = kafkaFrom(options.brokers, PRINCIPALS.partner(sender)).producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
      });
      await producer.connect();
      try {
        const [metadata] = await producer.send({
          topic,
          acks: -1,
          messages: [
            {
              key: options.key ?? messageId,
              value: bytes,
              headers: { [HEADERS.correlationId]: messageId },
              ...recordTimestamp(clock, envelope?.queuedAt),
            },
          ],
        });
        print(
          options.json === true,
          {
            topic,
            partition: metadata.partition,
            offset: metadata.baseOffset,
            kind,
            messageId,
            bytes: bytes.length,
          },
          `published ${kind} ${messageId} to ${topic} (partition ${metadata.partition}, offset ${metadata.baseOffset})`,
        );
      } finally {
        await producer.disconnect();
      }
    });
}

/** Whose clock stamps the record: the broker's, or the publisher's at a given time (or the envelope's). */
type PublisherClock = { stampedBy: 'broker' } | { stampedBy: 'publisher'; at?: string };

/**
 * Under log-append-time a publisher cannot set the hub's clock, so asking to (--at) is a usage error
 * rather than a time silently ignored; under create-time the record gets --at, else the message's own
 * envelope.queuedAt, so a sample replays the date it states.
 */
function publisherClock(at: string | undefined): PublisherClock {
  if (hubClock().HUB_INBOUND_TIMESTAMPS !== 'create-time') {
    if (at !== undefined) {
      throw new UsageError(
        '--at needs HUB_INBOUND_TIMESTAMPS=create-time (a local profile): with log-append-time the broker stamps the time it receives the record',
      );
    }
    return { stampedBy: 'broker' };
  }
  if (at !== undefined && (Number.isNaN(Date.parse(at)) || !/T.*(Z|[+-]\d{2}:\d{2})$/.test(at))) {
    throw new UsageError(
      `--at must be an ISO 8601 time with a zone, e.g. 2025-03-03T09:15:00+01:00 (got "${at}")`,
    );
  }
  return { stampedBy: 'publisher', at };
}

function recordTimestamp(clock: PublisherClock, queuedAt: string | undefined): { timestamp?: string } {
  if (clock.stampedBy === 'broker') return {};
  const at = clock.at ?? queuedAt;
  return at === undefined ? {} : { timestamp: String(Date.parse(at)) };
}
