import {
  CHANNELS_BY_SENDER_KIND,
  Channel,
  CodecError,
  describeTextTooLong,
  findNulTextPaths,
  HubCodec,
  inboundTopic,
  PartyRef,
  type ReasonCode,
  TEXT_TOO_LONG,
  validateCpr,
} from '@hub/contracts';
import type { PartnerMessageValue } from '@hub/kinds';

/**
 * Why a submission is refused: the HTTP status and the reason code. The codes are the router's own
 * (the one table, docs/reason-codes.md), so a partner reads one list of reasons whichever way it
 * sends; only what cannot happen on Kafka has its own (INVALID_JSON, UNAUTHENTICATED, ...).
 */
export class Refusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 413 | 415,
    readonly reasonCode: ReasonCode,
    readonly reasonText: string,
  ) {
    super(`${reasonCode}: ${reasonText}`);
  }
}

/** Media types of a message in the hub's framing (Avro single-object encoding). */
export const AVRO_MEDIA_TYPES = ['application/vnd.hub.avro', 'application/avro', 'application/octet-stream'];
/** The JSON form, as the CLI and schemas/examples write it: {"kind": ..., "value": {...}}. */
export const JSON_MEDIA_TYPE = 'application/json';

/** What the ingress publishes for an accepted submission. */
export interface Submission {
  kind: string;
  messageId: string;
  correlationId: string | null;
  /** The sender's claimed time (envelope.queuedAt): the record's time only under create-time. */
  queuedAt: string;
  channel: Channel;
  topic: string;
  /** The message in the hub's framing, exactly as the router will read it. */
  bytes: Buffer;
}

/** The most field paths a NUL_IN_TEXT reason names; the rest are counted (as the router does). */
const NUL_PATHS_NAMED = 5;

function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Reads the body as the Avro bytes it is or stands for; throws a Refusal for anything unreadable. */
function messageBytes(codec: HubCodec, contentType: string | undefined, body: Buffer): Buffer {
  const mediaType = mediaTypeOf(contentType);
  if (body.length === 0) throw new Refusal(400, 'EMPTY_MESSAGE', 'the request has no body');
  if (AVRO_MEDIA_TYPES.includes(mediaType)) return body;
  if (mediaType !== JSON_MEDIA_TYPE) {
    throw new Refusal(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `send ${JSON_MEDIA_TYPE} (the JSON form) or ${AVRO_MEDIA_TYPES[0]} (Avro single-object encoding)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new Refusal(400, 'INVALID_JSON', `the body is not JSON: ${(error as Error).message}`);
  }
  const form = json as { kind?: unknown; value?: unknown };
  if (typeof json !== 'object' || json === null || Array.isArray(json) || typeof form.kind !== 'string') {
    throw new Refusal(
      400,
      'INVALID_JSON',
      'the JSON form is {"kind": "<channel>.<Message>", "value": {...}}',
    );
  }
  if (!codec.hasKind(form.kind)) throw new Refusal(400, 'UNKNOWN_KIND', `unknown message kind ${form.kind}`);
  try {
    return codec.encode(form.kind, codec.fromJson(form.kind, form.value));
  } catch (error) {
    if (error instanceof CodecError) throw new Refusal(400, error.code, error.message);
    throw error;
  }
}

/**
 * Checks a partner's submission the way the router checks a record on the partner's own inbound topic,
 * up to what needs the agreements: the bytes decode to a partner message, its text can be stored and
 * is within the schema's length limits, its CPR number is one, the partner may publish on its
 * channel, and the envelope's sender is the partner itself (the topic stands for the sender; a key for
 * X can only publish as X). Whether the agreements allow the exchange is the router's judgement,
 * after the 202, with a rejection receipt to the partner.
 */
export function readSubmission(
  codec: HubCodec,
  partner: PartyRef,
  contentType: string | undefined,
  body: Buffer,
  maxMessageBytes: number,
): Submission {
  const bytes = messageBytes(codec, contentType, body);
  if (bytes.length > maxMessageBytes) {
    throw new Refusal(
      413,
      'TOO_LARGE',
      `the message is ${bytes.length} bytes; the hub accepts at most ${maxMessageBytes}`,
    );
  }
  let decoded: ReturnType<HubCodec['decode']>;
  try {
    decoded = codec.decode(bytes);
  } catch (error) {
    if (error instanceof CodecError) throw new Refusal(400, error.code, error.message);
    throw error;
  }
  if (decoded.kind.startsWith('routing.') || decoded.kind.startsWith('events.')) {
    throw new Refusal(
      400,
      'NOT_A_PARTNER_MESSAGE',
      `${decoded.kind} is the hub's own message, not a partner's`,
    );
  }
  const value = decoded.value as unknown as PartnerMessageValue;
  const nulPaths = findNulTextPaths(value);
  if (nulPaths.length > 0) {
    const named = nulPaths.slice(0, NUL_PATHS_NAMED).join(', ');
    const more = nulPaths.length > NUL_PATHS_NAMED ? ` and ${nulPaths.length - NUL_PATHS_NAMED} more` : '';
    throw new Refusal(
      400,
      'NUL_IN_TEXT',
      `the text of ${named}${more} holds a NUL character (U+0000), which the hub cannot keep; send the message again without it`,
    );
  }
  const textTooLong = codec.findTextTooLong(decoded.kind, value);
  if (textTooLong.length > 0) throw new Refusal(400, TEXT_TOO_LONG, describeTextTooLong(textTooLong));
  const { envelope, citizen } = value;
  if (envelope.sender.kind !== partner.kind || envelope.sender.id !== partner.id) {
    throw new Refusal(
      403,
      'SENDER_MISMATCH',
      `the message claims to be from ${envelope.sender.kind}:${envelope.sender.id} but the credentials are ${partner.kind}:${partner.id}'s`,
    );
  }
  // The kind's own channel: HTTPS is how a message reaches the hub, not a channel of its own, so the
  // channel rules still hold (agreements/001-norddjurs-akasse.yaml, tilbud-kun-beskedmodul: "Indstilling
  // om et tidligt tilbud afgives i beskedmodulet").
  const channel = decoded.kind.split('.')[0] as Channel;
  if (!(CHANNELS_BY_SENDER_KIND[partner.kind] ?? []).includes(channel)) {
    throw new Refusal(
      403,
      'CHANNEL_NOT_ALLOWED',
      `a ${partner.kind} does not publish on the ${channel} channel`,
    );
  }
  if (citizen) {
    const cpr = validateCpr(citizen.cpr);
    if (!cpr.ok) throw new Refusal(400, 'INVALID_CPR', `${cpr.reasonDa} / ${cpr.reasonEn}`);
  }
  return {
    kind: decoded.kind,
    messageId: envelope.messageId,
    correlationId: envelope.correlationId,
    queuedAt: envelope.queuedAt,
    channel,
    topic: inboundTopic(channel, partner),
    bytes,
  };
}
