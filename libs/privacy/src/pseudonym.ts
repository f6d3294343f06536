import { createHmac, createSecretKey, KeyObject } from 'node:crypto';

/**
 * The citizen's pseudonym: HMAC-SHA256 of the normalised CPR number under a secret key. The same
 * person links across exchanges (and keys Kafka records, so their messages stay in order), but
 * without the key the CPR number cannot be read back or guessed by trying all ~3.6 million
 * birth-date/serial combinations. 128 bits of it is plenty against collisions.
 */
export class CitizenPseudonymizer {
  /** Imported once: a string key is converted again by every createHmac. */
  private readonly key: KeyObject;

  constructor(key: string) {
    if (key.length < 32) throw new Error('the pseudonym key must be at least 32 characters');
    this.key = createSecretKey(Buffer.from(key, 'utf8'));
  }

  pseudonymOf(cpr: string): string {
    const normalised = cpr.replace(/\D/g, '');
    return createHmac('sha256', this.key).update(normalised).digest('hex').slice(0, 32);
  }
}
