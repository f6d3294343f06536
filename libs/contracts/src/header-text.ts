/**
 * Header values as text the hub can trust or keep. Kafka headers are bytes: a partner may set any
 * bytes it likes, including invalid UTF-8 and NUL, which PostgreSQL's text and jsonb refuse. So the
 * hub never copies an inbound header onward as it came: it reads it through one of these.
 */

/** A raw header value as kafkajs hands it over (a repeated header: its first value counts). */
export type RawHeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** The longest correlation id the hub carries on: the envelope's own is a UUID (36 characters). */
export const MAX_CORRELATION_ID_LENGTH = 128;

/** Letters, digits, punctuation and symbols only: no spaces, control or format characters. */
const ID_SHAPE = /^[\p{L}\p{N}\p{P}\p{S}]+$/u;

export type HeaderReading = { ok: true; value: string } | { ok: false; problem: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function firstBytes(raw: RawHeaderValue): Buffer | undefined {
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (first === undefined) return undefined;
  return Buffer.isBuffer(first) ? first : Buffer.from(String(first), 'utf8');
}

/**
 * A partner's `hub-correlation-id` header, if it is one the hub may carry on: valid UTF-8, 1 to
 * MAX_CORRELATION_ID_LENGTH characters, an id's shape (no spaces, controls or NUL). Undefined when
 * the header is absent; otherwise the value or why it is refused (the problem never quotes the
 * value, which may hold anything, a CPR number included).
 */
export function readCorrelationIdHeader(raw: RawHeaderValue): HeaderReading | undefined {
  const bytes = firstBytes(raw);
  if (bytes === undefined) return undefined;
  // Checked on bytes first, so a huge header is refused without decoding it.
  if (bytes.length === 0) return { ok: false, problem: 'it is empty' };
  if (bytes.length > MAX_CORRELATION_ID_LENGTH * 4) {
    return { ok: false, problem: `it is ${bytes.length} bytes long` };
  }
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { ok: false, problem: 'it is not valid UTF-8 text' };
  }
  const length = [...text].length;
  if (length > MAX_CORRELATION_ID_LENGTH) {
    return { ok: false, problem: `it is ${length} characters long, more than ${MAX_CORRELATION_ID_LENGTH}` };
  }
  if (!ID_SHAPE.test(text)) {
    return { ok: false, problem: 'it holds spaces, control characters or NUL, which no id does' };
  }
  return { ok: true, value: text };
}

export interface StorableText {
  /** The value as text PostgreSQL can hold (no NUL, valid UTF-8). */
  text: string;
  /**
   * True when the bytes were not clean UTF-8 text: every NUL and every byte that is not part of a
   * valid UTF-8 sequence is written `\xNN`, and a backslash `\\`, so the bytes can be read back.
   */
  escaped: boolean;
  /** True when only the first `maxChars` characters are kept (an ellipsis marks the cut). */
  cut: boolean;
}

/**
 * Any header value as text PostgreSQL can hold, for a record the hub keeps whatever it carries
 * (a dead letter). Clean UTF-8 text without NUL is kept as it is; anything else is escaped.
 */
export function storableHeaderText(raw: RawHeaderValue, maxChars: number): StorableText | undefined {
  const whole = firstBytes(raw);
  if (whole === undefined) return undefined;
  // No character takes more than four bytes: more than maxChars * 4 bytes are never needed. The cut
  // backs off to the start of a character, so clean text does not look escaped for being cut.
  let end = Math.min(whole.length, maxChars * 4);
  while (end < whole.length && end > 0 && (whole[end] & 0xc0) === 0x80) end -= 1;
  const bytes = whole.subarray(0, end);
  let text: string | undefined;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    text = undefined;
  }
  const escaped = text === undefined || text.includes('\u0000');
  if (escaped) text = escapeBytes(bytes);
  const chars = [...(text as string)];
  const cut = chars.length > maxChars || bytes.length < whole.length;
  return { text: cut ? `${chars.slice(0, maxChars).join('')}…` : (text as string), escaped, cut };
}

/** UTF-8 text with NUL, stray bytes and backslashes escaped (see StorableText.escaped). */
function escapeBytes(bytes: Buffer): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const length = utf8SequenceLength(bytes, i);
    if (length === 0 || bytes[i] === 0) {
      out += `\\x${bytes[i].toString(16).padStart(2, '0')}`;
      i += 1;
    } else if (bytes[i] === 0x5c) {
      out += '\\\\';
      i += 1;
    } else {
      out += bytes.toString('utf8', i, i + length);
      i += length;
    }
  }
  return out;
}

/** Length of the well-formed UTF-8 sequence at `i` (RFC 3629, table 3-7 of Unicode), 0 if none. */
function utf8SequenceLength(bytes: Buffer, i: number): number {
  const lead = bytes[i];
  if (lead < 0x80) return 1;
  let continuation: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) continuation = 1;
  else if (lead >= 0xe0 && lead <= 0xef) {
    continuation = 2;
    if (lead === 0xe0) low = 0xa0; // no overlong forms
    if (lead === 0xed) high = 0x9f; // no surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    continuation = 3;
    if (lead === 0xf0) low = 0x90; // no overlong forms
    if (lead === 0xf4) high = 0x8f; // nothing above U+10FFFF
  } else return 0;
  if (i + continuation >= bytes.length) return 0;
  const second = bytes[i + 1];
  if (second < low || second > high) return 0;
  for (let k = 2; k <= continuation; k += 1) {
    if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return 0;
  }
  return continuation + 1;
}
