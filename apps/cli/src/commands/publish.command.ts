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
    .addOption(brokersOption())
    .addOption(jsonOption())
    .action(async (options: PublishOptions) => {
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
      const envelope = (value as { envelope?: { sender: PartyRef; messageId: string } }).envelope;
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
            { key: options.key ?? messageId, value: bytes, headers: { [HEADERS.correlationId]: messageId } },
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
