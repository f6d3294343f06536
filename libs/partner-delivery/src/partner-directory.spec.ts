import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadPartnersFile, PartnerDirectory } from './partner-directory';
import { partnerSecret } from './signature';

describe(PartnerDirectory.name, () => {
  const defaults = {
    endpointTemplate: 'http://127.0.0.1:4010/partners/{kind}/{id}/inbox',
    masterSecret: 's'.repeat(40),
    timeoutMs: 5_000,
    parking: { afterAttempts: 50, afterMs: 86_400_000 },
    allowHttpHosts: ['127.0.0.1'],
  };

  it('refuses plain http to any host not allowed, naming each endpoint', () => {
    expect(() => new PartnerDirectory({ ...defaults, allowHttpHosts: [] })).toThrow(
      /endpoint template: http:\/\/127\.0\.0\.1:4010 must be https/,
    );
    expect(
      () => new PartnerDirectory(defaults, { 'jobcenter:101': { endpoint: 'http://kk.example/inbox' } }),
    ).toThrow(/endpoint of jobcenter:101 \(partners file\): http:\/\/kk\.example must be https/);
    expect(() => new PartnerDirectory({ ...defaults, endpointTemplate: 'ftp://x.example/{kind}' })).toThrow(
      /ftp: is not a partner endpoint protocol/,
    );
  });

  it('takes https anywhere, and http only to an allowed host', () => {
    expect(
      () =>
        new PartnerDirectory(
          { ...defaults, endpointTemplate: 'https://hub-inbox.example/{kind}/{id}', allowHttpHosts: [] },
          { 'akasse:3F': { endpoint: 'https://3f.example/inbox' } },
        ),
    ).not.toThrow();
    expect(() => new PartnerDirectory(defaults)).not.toThrow();
  });

  it('fills the endpoint template and derives the partner secret when nothing else is configured', () => {
    const target = new PartnerDirectory(defaults).targetFor({ kind: 'jobcenter', id: '707' });
    expect(target).toEqual({
      partner: 'jobcenter:707',
      endpoint: 'http://127.0.0.1:4010/partners/jobcenter/707/inbox',
      hmacSecret: partnerSecret(defaults.masterSecret, { kind: 'jobcenter', id: '707' }),
      timeoutMs: 5_000,
      parking: { afterAttempts: 50, afterMs: 86_400_000 },
    });
  });

  it("uses a partner's own endpoint, secret, timeout and parking limits from the partners file", () => {
    const directory = new PartnerDirectory(defaults, {
      'jobcenter:101': {
        endpoint: 'https://kk.example/inbox',
        hmacSecret: 'k'.repeat(32),
        timeoutMs: 900,
        parkAfterAttempts: 5,
      },
      'jobcenter:707': { parkAfterMs: 60_000 },
    });
    expect(directory.targetFor({ kind: 'jobcenter', id: '101' })).toEqual({
      partner: 'jobcenter:101',
      endpoint: 'https://kk.example/inbox',
      hmacSecret: 'k'.repeat(32),
      timeoutMs: 900,
      parking: { afterAttempts: 5, afterMs: 86_400_000 },
    });
    expect(directory.targetFor({ kind: 'jobcenter', id: '707' }).parking).toEqual({
      afterAttempts: 50,
      afterMs: 60_000,
    });
    expect(directory.targetFor({ kind: 'jobcenter', id: '766' }).endpoint).toContain('/jobcenter/766/');
  });
});

describe(loadPartnersFile.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'partners-'));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("reads a YAML partners file and keeps only the adapter's own receiver kind", () => {
    const path = file(
      'partners.yaml',
      ['partners:', '  jobcenter:101:', '    timeoutMs: 900', '  akasse:3F:', '    timeoutMs: 100'].join(
        '\n',
      ),
    );
    expect(loadPartnersFile(path, 'jobcenter')).toEqual({ 'jobcenter:101': { timeoutMs: 900 } });
    expect(loadPartnersFile(path, 'akasse')).toEqual({ 'akasse:3F': { timeoutMs: 100 } });
  });

  it('reads the same in JSON', () => {
    const path = file('partners.json', JSON.stringify({ partners: { 'jobcenter:707': { timeoutMs: 1 } } }));
    expect(loadPartnersFile(path, 'jobcenter')).toEqual({ 'jobcenter:707': { timeoutMs: 1 } });
  });

  it('names every problem in a partners file that does not validate', () => {
    const path = file(
      'bad.yaml',
      [
        'partners:',
        '  jobcenter707:',
        '    timeoutMs: 1',
        '  jobcenter:101:',
        '    hmacSecret: short',
        '    url: x',
      ].join('\n'),
    );
    let message = '';
    try {
      loadPartnersFile(path, 'jobcenter');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`partners file ${path} is not valid`);
    expect(message).toMatch(/partner keys are <kind>:<id>/);
    expect(message).toMatch(/partners\.jobcenter:101\.hmacSecret: must be at least 32 characters/);
    expect(message).toMatch(/Unrecognized key\(s\) in object: 'url'/);
  });

  it('says so when the file is missing', () => {
    expect(() => loadPartnersFile(join(dir, 'nope.yaml'), 'jobcenter')).toThrow(/cannot be read/);
  });
});
