import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { Command, Option } from 'commander';
import { ChannelValues, HEADERS, inboundTopic, loadHubCodec, MessageTypes, Channel } from '@hub/contracts';

import { brokersOption, jsonOption, kafkaFrom, parseParty, print, UsageError } from '../cli-support';

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

function readInput(file: string): unknown {
  const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

export function publishCommand(): Command {
  return new Command('publish')
    .description('encode a message given as JSON with its Avro schema and publish it as a partner would')
    .option('--as <party>', "the sending partner, KIND:ID (e.g. akasse:3F); default: the envelope's sender")
    .requiredOption(
      '-f, --file <path>',
      'JSON file with the message, or - for standard input: either {"kind": ..., "value": {...}} or the value itself with --kind',
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
      const input = readInput(options.file) as { kind?: unknown; value?: unknown };
      const kind = options.kind ?? (typeof input.kind === 'string' ? input.kind : undefined);
      const value = (options.kind ? input : input.value) as Record<string, unknown> | undefined;
      if (!kind)
        throw new UsageError('the message kind is missing: give --kind or a "kind" field in the file');
      if (!value || typeof value !== 'object') throw new UsageError('the message value is missing');
      const codec = loadHubCodec();
      if (!codec.hasKind(kind))
        throw new UsageError(`unknown message kind ${kind}; known: ${codec.kinds().join(', ')}`);
      const envelope = value.envelope as
        | { sender?: { kind?: unknown; id?: unknown }; messageId?: unknown }
        | undefined;
      const claimed = envelope?.sender
        ? `${String(envelope.sender.kind)}:${String(envelope.sender.id)}`
        : undefined;
      if (!options.as && !claimed)
        throw new UsageError('no sender: give --as KIND:ID or an envelope.sender in the message');
      // The topic decides who the hub believes sent it; --as lets a test publish as someone else.
      const sender = parseParty(options.as ?? (claimed as string));
      if (options.newId && envelope) {
        envelope.messageId = randomUUID();
      }
      const bytes = codec.encode(kind, value as unknown as MessageTypes[typeof kind]);
      const channel = options.channel ?? (kind.split('.')[0] as Channel);
      const topic = inboundTopic(channel, sender);
      const messageId = typeof envelope?.messageId === 'string' ? envelope.messageId : randomUUID();
      const producer = kafkaFrom(options.brokers).producer({
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
