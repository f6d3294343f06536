import { Command, Option } from 'commander';
import {
  CodecError,
  HEADERS,
  isReasonCode,
  loadServiceCodec,
  REASON_CODES,
  reasonCodesReference,
  TOPICS,
} from '@hub/contracts';
import type { KafkaMessage } from '@hub/kafka';

import { brokersOption, jsonOption, kafkaFrom, print, UsageError } from '../cli-support';
import { readTopicToEnd } from '../topic-reader';

export interface DeadLetter {
  /** `<partition>/<offset>` on the dead-letter topic: what `replay` takes. */
  id: string;
  reasonCode: string;
  reasonText: string;
  source: { topic: string; partition: number; offset: string };
  rejectedAt: string;
  routerVersion: string | null;
  kind: string | null;
  messageId: string | null;
  key: Buffer | null;
  value: Buffer | null;
  /** Set when the value holds only the record's first bytes (TOO_LARGE): its whole length. */
  originalLength: number | null;
  /** SHA-256 (hex) of the whole value, when only its first bytes are kept. */
  originalSha256: string | null;
  /** Set when the key was cut to its first bytes: its whole length. */
  originalKeyLength: number | null;
  /** Partner headers too large to carry, left out of the dead letter ("name (N bytes)", ...). */
  omittedHeaders: string | null;
  originalHeaders: Record<string, Buffer>;
}

/** Why a dead letter is not the record as it came (so a replay would not be it either), if it is not. */
function incompleteness(letter: DeadLetter): string | undefined {
  if (letter.originalLength !== null)
    return `keeps only the first ${letter.value?.length ?? 0} of its ${letter.originalLength} bytes`;
  if (letter.originalKeyLength !== null)
    return `keeps only the first ${letter.key?.length ?? 0} of its key's ${letter.originalKeyLength} bytes`;
  if (letter.omittedHeaders !== null) return `left out headers too large to carry: ${letter.omittedHeaders}`;
  return undefined;
}

const header = (message: KafkaMessage, name: string): string | undefined => {
  const value = message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
};

async function readDeadLetters(brokers: string): Promise<DeadLetter[]> {
  // A dead letter may be in schema-registry framing: the ids of the registry the services use.
  const codec = await loadServiceCodec(process.env.HUB_SCHEMA_REGISTRY_URL || undefined);
  const letters: DeadLetter[] = [];
  await readTopicToEnd(kafkaFrom(brokers), TOPICS.deadLetters, (partition, message) => {
    let kind: string | null = null;
    let messageId: string | null = null;
    try {
      const decoded = codec.decode(message.value ?? Buffer.alloc(0));
      kind = decoded.kind;
      // A partner message carries its id in the envelope; a routed message or receipt a partner
      // delivery dead-lettered (PARTNER_REFUSED, UNION_CONSENT_MISSING) carries it at the top.
      const value = decoded.value as { envelope?: { messageId?: string }; messageId?: string | null };
      messageId = value.envelope?.messageId ?? value.messageId ?? null;
    } catch (error) {
      if (!(error instanceof CodecError)) throw error;
    }
    const originalHeaders: Record<string, Buffer> = {};
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      const first = Array.isArray(value) ? value[0] : value;
      if (!name.startsWith('hub-dlq-') && name !== HEADERS.replayOf && first !== undefined) {
        originalHeaders[name] = Buffer.isBuffer(first) ? first : Buffer.from(first);
      }
    }
    letters.push({
      id: `${partition}/${message.offset}`,
      reasonCode: header(message, HEADERS.reasonCode) ?? 'UNKNOWN',
      reasonText: header(message, HEADERS.reasonText) ?? '',
      source: {
        topic: header(message, HEADERS.sourceTopic) ?? '',
        partition: Number(header(message, HEADERS.sourcePartition) ?? -1),
        offset: header(message, HEADERS.sourceOffset) ?? '',
      },
      rejectedAt: header(message, HEADERS.rejectedAt) ?? '',
      routerVersion: header(message, HEADERS.routerVersion) ?? null,
      kind,
      messageId,
      key: message.key,
      value: message.value,
      originalLength:
        header(message, HEADERS.originalLength) === undefined
          ? null
          : Number(header(message, HEADERS.originalLength)),
      originalSha256: header(message, HEADERS.originalSha256) ?? null,
      originalKeyLength:
        header(message, HEADERS.originalKeyLength) === undefined
          ? null
          : Number(header(message, HEADERS.originalKeyLength)),
      omittedHeaders: header(message, HEADERS.omittedHeaders) ?? null,
      originalHeaders,
    });
  });
  return letters;
}

const summary = ({ key: _key, value: _value, originalHeaders: _headers, ...rest }: DeadLetter) => rest;

/**
 * A filter on a code the hub does not give is most likely a typo, so it is said; it is still
 * applied, since a dead letter may carry a code from before the table or none (listed as UNKNOWN).
 */
export function unknownReasonWarning(code: string): string | undefined {
  return isReasonCode(code)
    ? undefined
    : `hub: note: "${code}" is not a reason code the hub gives (\`hub deadletters reasons\` lists them); listing the dead letters that carry it anyway`;
}

export function deadlettersCommand(): Command {
  const deadletters = new Command('deadletters').description(
    'messages the hub could not accept or deliver: list them, and replay chosen ones after a fix',
  );

  deadletters
    .command('reasons')
    .description('every reason code the hub gives, with what it means (docs/reason-codes.md)')
    .addOption(jsonOption())
    .option('--markdown', 'as docs/reason-codes.md holds it')
    .action((options: { json?: boolean; markdown?: boolean }) => {
      if (options.markdown === true) {
        process.stdout.write(reasonCodesReference());
        return;
      }
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(REASON_CODES, null, 2)}\n`);
        return;
      }
      for (const [code, reason] of Object.entries(REASON_CODES)) {
        process.stdout.write(`${code}\t${reason.where}\t${reason.en} / ${reason.da}\n`);
      }
    });

  deadletters
    .command('list')
    .description('list the dead letters with their reason, where they came from and when')
    .option('--reason <code>', 'only those with this reason code, e.g. UNKNOWN_RECEIVER')
    .option('--message-id <id>', 'only those of this message id')
    .addOption(brokersOption())
    .addOption(jsonOption())
    .action(async (options: { reason?: string; messageId?: string; brokers: string; json?: boolean }) => {
      const warning = options.reason === undefined ? undefined : unknownReasonWarning(options.reason);
      if (warning) process.stderr.write(`${warning}\n`);
      const letters = (await readDeadLetters(options.brokers)).filter(
        (letter) =>
          (!options.reason || letter.reasonCode === options.reason) &&
          (!options.messageId || letter.messageId === options.messageId),
      );
      for (const letter of letters) {
        print(
          options.json === true,
          summary(letter),
          `${letter.id}\t${letter.reasonCode}\t${letter.kind ?? '(unreadable)'} ${letter.messageId ?? ''}\n\tfrom ${letter.source.topic}/${letter.source.partition}/${letter.source.offset} at ${letter.rejectedAt}\n\t${letter.reasonText}${
            letter.originalLength === null
              ? ''
              : `\n\tkept the first ${letter.value?.length ?? 0} of ${letter.originalLength} bytes, sha256 ${letter.originalSha256 ?? '?'}`
          }${letter.originalKeyLength === null ? '' : `\n\tkept the first ${letter.key?.length ?? 0} of the key's ${letter.originalKeyLength} bytes`}${
            letter.omittedHeaders === null ? '' : `\n\tleft out headers: ${letter.omittedHeaders}`
          }`,
        );
      }
      if (!options.json) process.stdout.write(`${letters.length} dead letter(s)\n`);
    });

  deadletters
    .command('replay')
    .description('send chosen dead letters back to the topic they came from, bytes and headers as they were')
    .addOption(new Option('--id <ids...>', 'dead letter ids as listed (<partition>/<offset>)'))
    .option('--message-id <id>', 'every dead letter of this message id')
    .addOption(brokersOption())
    .addOption(jsonOption())
    .action(async (options: { id?: string[]; messageId?: string; brokers: string; json?: boolean }) => {
      if (!options.id && !options.messageId)
        throw new UsageError(
          'say which dead letters to replay: --id <partition>/<offset> ... or --message-id <id>',
        );
      const letters = (await readDeadLetters(options.brokers)).filter(
        (letter) =>
          options.id?.includes(letter.id) ||
          (options.messageId !== undefined && letter.messageId === options.messageId),
      );
      const missing = (options.id ?? []).filter((id) => !letters.some((letter) => letter.id === id));
      if (missing.length > 0)
        throw new UsageError(`no dead letter ${missing.join(', ')} (see: hub deadletters list)`);
      if (letters.length === 0) throw new UsageError(`no dead letter of message ${options.messageId ?? ''}`);
      const producer = kafkaFrom(options.brokers).producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
      });
      await producer.connect();
      try {
        for (const letter of letters) {
          if (!letter.source.topic)
            throw new UsageError(`dead letter ${letter.id} does not say where it came from`);
          const incomplete = incompleteness(letter);
          if (incomplete !== undefined)
            throw new UsageError(
              `dead letter ${letter.id} ${incomplete} (${letter.reasonCode}); ask the sender to send it again`,
            );
          const [metadata] = await producer.send({
            topic: letter.source.topic,
            acks: -1,
            messages: [
              {
                key: letter.key,
                value: letter.value,
                headers: {
                  ...letter.originalHeaders,
                  [HEADERS.replayOf]: `${TOPICS.deadLetters}/${letter.id}`,
                },
              },
            ],
          });
          print(
            options.json === true,
            {
              replayed: letter.id,
              to: letter.source.topic,
              partition: metadata.partition,
              offset: metadata.baseOffset,
            },
            `replayed ${letter.id} (${letter.reasonCode}) to ${letter.source.topic} partition ${metadata.partition} offset ${metadata.baseOffset}`,
          );
        }
      } finally {
        await producer.disconnect();
      }
    });

  return deadletters;
}
