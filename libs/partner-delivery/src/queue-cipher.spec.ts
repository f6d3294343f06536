import { parseQueueKeys, QueueCipher, QueueKeyError } from './queue-cipher';

const hex = (byte: string): string => byte.repeat(64);

describe(parseQueueKeys.name, () => {
  it('reads <id>:<hex> pairs', () => {
    const keys = parseQueueKeys(`2026a:${hex('a')}, 2025b:${hex('b')}`);
    expect([...keys.keys()]).toEqual(['2026a', '2025b']);
    expect(keys.get('2026a')).toHaveLength(32);
  });

  it('refuses a malformed key, id or list, never echoing a key', () => {
    expect(() => parseQueueKeys('')).toThrow(QueueKeyError);
    expect(() => parseQueueKeys(`k1:${'a'.repeat(62)}`)).toThrow('key k1: must be 64 hex digits');
    expect(() => parseQueueKeys(`bad id:${hex('a')}`)).toThrow('key 1: must be <id>:<64 hex digits>');
    expect(() => parseQueueKeys(`k1:${hex('a')},k1:${hex('b')}`)).toThrow('key k1 is named twice');
    // The whole message, so nothing of the key is in it.
    expect(() => parseQueueKeys(`k1:${'c'.repeat(63)}`)).toThrow(
      /^key k1: must be 64 hex digits \(32 bytes, AES-256\)$/,
    );
  });
});

describe(QueueCipher.name, () => {
  const keys = parseQueueKeys(`old:${hex('1')},new:${hex('2')}`);
  const document = Buffer.from('{"citizen":{"cpr":"230795-0000"}}');

  it('seals with the current key and opens again; the sealed bytes hold nothing in clear', () => {
    const cipher = new QueueCipher(keys, 'new');
    const sealed = cipher.seal(document, 'd-1', 'body');
    expect(sealed.toString('latin1')).not.toContain('230795');
    expect(cipher.open(sealed, 'new', 'd-1', 'body')).toEqual(document);
  });

  it('opens a value sealed with an older key that is still configured', () => {
    const sealedBefore = new QueueCipher(keys, 'old').seal(document, 'd-1', 'body');
    expect(new QueueCipher(keys, 'new').open(sealedBefore, 'old', 'd-1', 'body')).toEqual(document);
  });

  it('refuses a value moved to another row or column, altered, or sealed with a key no longer configured', () => {
    const cipher = new QueueCipher(keys, 'new');
    const sealed = cipher.seal(document, 'd-1', 'body');
    expect(() => cipher.open(sealed, 'new', 'd-2', 'body')).toThrow('does not open with key new');
    expect(() => cipher.open(sealed, 'new', 'd-1', 'source_value')).toThrow(QueueKeyError);
    const altered = Buffer.from(sealed);
    altered[altered.length - 1] ^= 1;
    expect(() => cipher.open(altered, 'new', 'd-1', 'body')).toThrow(QueueKeyError);
    const withoutOld = new QueueCipher(parseQueueKeys(`new:${hex('2')}`), 'new');
    const sealedOld = new QueueCipher(keys, 'old').seal(document, 'd-1', 'body');
    expect(() => withoutOld.open(sealedOld, 'old', 'd-1', 'body')).toThrow('key old is not configured');
  });

  it('needs its current key among the configured ones', () => {
    expect(() => new QueueCipher(keys, 'newest')).toThrow('HUB_DELIVERY_QUEUE_KEY_ID names key newest');
  });
});
