import { ApiKeyDirectory, parsePartnerApiKeys } from './api-keys';

describe(parsePartnerApiKeys.name, () => {
  it('reads one key per partner', () => {
    const parsed = parsePartnerApiKeys('akasse:3F=aaaaaaaaaaaaaaaa1, jobcenter:707=bbbbbbbbbbbbbbbb2');
    expect(parsed.problems).toEqual([]);
    expect(parsed.keys).toEqual([
      { party: { kind: 'akasse', id: '3F' }, key: 'aaaaaaaaaaaaaaaa1' },
      { party: { kind: 'jobcenter', id: '707' }, key: 'bbbbbbbbbbbbbbbb2' },
    ]);
  });

  it('names every bad entry without echoing a key', () => {
    const parsed = parsePartnerApiKeys(
      'akasse3F=aaaaaaaaaaaaaaaa1,jobcenter:707=short,akasse:HK=cccccccccccccccc,union:FH=cccccccccccccccc',
    );
    expect(parsed.problems).toEqual([
      'entry 1 must be <kind>:<id>=<key>, e.g. akasse:3F=<key>',
      'the key of jobcenter:707 must be at least 16 characters',
      "the key of union:FH is also another partner's key",
    ]);
    expect(parsed.problems.join(' ')).not.toContain('cccc');
  });

  it('accepts an empty setting (admin key only)', () => {
    expect(parsePartnerApiKeys('')).toEqual({ keys: [], problems: [] });
  });
});

describe(ApiKeyDirectory.name, () => {
  const directory = new ApiKeyDirectory('admin-key-0123456789', [
    { party: { kind: 'akasse', id: '3F' }, key: 'partner-key-3f-0123' },
  ]);

  it('tells the admin from a partner, and refuses anything else', () => {
    expect(directory.principalFor('admin-key-0123456789')).toEqual({ role: 'admin' });
    expect(directory.principalFor('partner-key-3f-0123')).toEqual({
      role: 'partner',
      party: { kind: 'akasse', id: '3F' },
    });
    expect(directory.principalFor('partner-key-3f-012')).toBeUndefined();
    expect(directory.principalFor(undefined)).toBeUndefined();
  });
});
