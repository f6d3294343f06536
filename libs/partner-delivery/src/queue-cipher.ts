import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) of what a pending delivery holds in clear: the document
 * (with the CPR number the receiving partner is entitled to) and the routed record kept for a dead
 * letter. The Kafka handler seals them as it queues; only the delivery worker opens them, to send
 * the document or to dead-letter the record. A row carries the id of the key that sealed it, so keys
 * can be rotated: one key seals, every configured key opens.
 *
 * Sealed layout: version (1 byte, 1) | IV (12 bytes, random per value) | GCM tag (16) | ciphertext.
 * The additional authenticated data binds a value to its row and column (`<delivery id>/<field>`),
 * so a sealed value moved to another row, or into the other column, does not open.
 */
export const SEALED_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** Which value of a queue row a sealed value is (part of the additional authenticated data). */
export type SealedField = 'body' | 'source_value';

export class QueueKeyError extends Error {}

/**
 * Parses `<id>:<64 hex digits>[,<id>:<64 hex digits>...]` (HUB_DELIVERY_QUEUE_KEYS). Throws a
 * QueueKeyError naming what is wrong, never a key's value.
 */
export function parseQueueKeys(text: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0)
    throw new QueueKeyError('names no key: give <id>:<64 hex digits>, comma-separated');
  entries.forEach((entry, index) => {
    const separator = entry.indexOf(':');
    const id = separator < 0 ? '' : entry.slice(0, separator);
    const hex = separator < 0 ? '' : entry.slice(separator + 1);
    if (!KEY_ID_PATTERN.test(id)) {
      throw new QueueKeyError(
        `key ${index + 1}: must be <id>:<64 hex digits>, the id 1-32 letters, digits, - or _`,
      );
    }
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
      throw new QueueKeyError(`key ${id}: must be 64 hex digits (32 bytes, AES-256)`);
    }
    if (keys.has(id)) throw new QueueKeyError(`key ${id} is named twice`);
    keys.set(id, Buffer.from(hex, 'hex'));
  });
  return keys;
}

export class QueueCipher {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    /** The id of the key new values are sealed with (HUB_DELIVERY_QUEUE_KEY_ID). */
    readonly currentKeyId: string,
  ) {
    if (!keys.has(currentKeyId)) {
      throw new QueueKeyError(
        `HUB_DELIVERY_QUEUE_KEY_ID names key ${currentKeyId}, but HUB_DELIVERY_QUEUE_KEYS has only ${[...keys.keys()].join(', ')}`,
      );
    }
    for (const [id, key] of keys) {
      if (key.length !== KEY_BYTES) throw new QueueKeyError(`key ${id}: must be ${KEY_BYTES} bytes`);
    }
  }

  /** Whether values sealed with this key id can be opened here. */
  canOpen(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  /** Seals with the current key; store the result with `currentKeyId`. */
  seal(plaintext: Buffer, deliveryId: string, field: SealedField): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.currentKeyId), iv);
    cipher.setAAD(Buffer.from(`${deliveryId}/${field}`));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([SEALED_VERSION]), iv, cipher.getAuthTag(), ciphertext]);
  }

  /** Opens a value sealed with `keyId`; throws a QueueKeyError if the key is unknown or the value was altered. */
  open(sealed: Buffer, keyId: string, deliveryId: string, field: SealedField): Buffer {
    if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== SEALED_VERSION) {
      throw new QueueKeyError(`the ${field} of delivery ${deliveryId} is not a sealed value`);
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), sealed.subarray(1, 1 + IV_BYTES));
    decipher.setAAD(Buffer.from(`${deliveryId}/${field}`));
    decipher.setAuthTag(sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new QueueKeyError(
        `the ${field} of delivery ${deliveryId} does not open with key ${keyId}: altered, or sealed with another key`,
      );
    }
  }

  private key(keyId: string): Buffer {
    const key = this.keys.get(keyId);
    if (!key) {
      throw new QueueKeyError(
        `key ${keyId} is not configured (HUB_DELIVERY_QUEUE_KEYS has ${[...this.keys.keys()].join(', ')}): keep an old key until no row carries its id`,
      );
    }
    return key;
  }
}
