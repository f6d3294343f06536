import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigError, env, KAFKA_CONFIG, kafkaSecurityOf, loadConfig } from './load-config';

const shape = {
  HUB_KAFKA_BROKERS: env.brokers(),
  HUB_DATABASE_URL: env.postgresUrl(),
  APP_HTTP_PORT: env.port(3000),
  APP_SECRET: env.secret('a test secret'),
};

describe(loadConfig.name, () => {
  const valid = {
    HUB_KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:19093',
    HUB_DATABASE_URL: 'postgres://hub:pw@127.0.0.1:15432/hub',
    APP_SECRET: 's'.repeat(32),
  };

  it('returns typed values with defaults filled in', () => {
    const config = loadConfig('app', shape, valid);
    expect(config.HUB_KAFKA_BROKERS).toEqual(['127.0.0.1:19092', '127.0.0.1:19093']);
    expect(config.APP_HTTP_PORT).toBe(3000);
  });

  it('names every bad variable at once, with what was wrong', () => {
    let error: unknown;
    try {
      loadConfig('app', shape, {
        ...valid,
        HUB_KAFKA_BROKERS: 'localhost',
        APP_HTTP_PORT: '70000',
        HUB_DATABASE_URL: undefined,
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/HUB_KAFKA_BROKERS: must be comma-separated host:port pairs/);
    expect(problems.join('\n')).toMatch(
      /APP_HTTP_PORT: must be a port number from 1 to 65535 \(got "70000"\)/,
    );
    expect(problems.join('\n')).toMatch(/HUB_DATABASE_URL: .*it is not set/);
  });

  it('never repeats a secret or a password in the message', () => {
    expect(() => loadConfig('app', shape, { ...valid, APP_SECRET: 'tooshort' })).toThrow(
      /APP_SECRET: .*\(got "\*\*\*"\)/,
    );
    expect(() =>
      loadConfig('app', shape, { ...valid, HUB_DATABASE_URL: 'postgres://hub:topsecret@host' }),
    ).toThrow(/postgres:\/\/hub:\*\*\*@host/);
  });
});

describe(kafkaSecurityOf.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-config-'));
  const ca = join(dir, 'ca.pem');
  const credentials = join(dir, 'credentials.env');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  writeFileSync(credentials, '# generated\nhub-router=r0uter-pw\nhub-notifier=n0tifier-pw\n');
  const load = (values: Record<string, string>) =>
    loadConfig('router', KAFKA_CONFIG, { HUB_KAFKA_BROKERS: '127.0.0.1:20092', ...values });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is plaintext when neither file is set, or both are empty (as a plaintext profile prints them)', () => {
    expect(kafkaSecurityOf('router', load({}), 'hub-router')).toBeUndefined();
    const empty = load({ HUB_KAFKA_CA_FILE: '', HUB_KAFKA_CREDENTIALS_FILE: '' });
    expect(kafkaSecurityOf('router', empty, 'hub-router')).toBeUndefined();
  });

  it('compresses with gzip unless told none, and refuses any other codec', () => {
    expect(load({}).HUB_KAFKA_COMPRESSION).toBe('gzip');
    expect(load({ HUB_KAFKA_COMPRESSION: 'none' }).HUB_KAFKA_COMPRESSION).toBe('none');
    expect(() => load({ HUB_KAFKA_COMPRESSION: 'snappy' })).toThrow(
      /HUB_KAFKA_COMPRESSION: must be gzip or none \(got "snappy"\)/,
    );
  });

  it("takes the CA and the principal's own password", () => {
    const config = load({ HUB_KAFKA_CA_FILE: ca, HUB_KAFKA_CREDENTIALS_FILE: credentials });
    expect(kafkaSecurityOf('router', config, 'hub-router')).toEqual({
      ca: readFileSync(ca, 'utf8'),
      sasl: { username: 'hub-router', password: 'r0uter-pw' },
    });
  });

  it('refuses a principal the file has no password for, and credentials without TLS', () => {
    const config = load({ HUB_KAFKA_CA_FILE: ca, HUB_KAFKA_CREDENTIALS_FILE: credentials });
    expect(() => kafkaSecurityOf('monitor', config, 'hub-monitor')).toThrow(
      /HUB_KAFKA_CREDENTIALS_FILE: has no password for principal hub-monitor/,
    );
    expect(() =>
      kafkaSecurityOf('router', load({ HUB_KAFKA_CREDENTIALS_FILE: credentials }), 'hub-router'),
    ).toThrow(/SCRAM passwords go over TLS only/);
  });

  it('names a file that is missing or not what it should be, without echoing a password', () => {
    const garbled = join(dir, 'garbled.env');
    writeFileSync(garbled, 'hub-router r0uter-pw\n');
    expect(() => load({ HUB_KAFKA_CA_FILE: join(dir, 'nope.pem') })).toThrow(
      /HUB_KAFKA_CA_FILE: cannot read/,
    );
    expect(() => load({ HUB_KAFKA_CA_FILE: credentials })).toThrow(/holds no PEM certificate/);
    expect(() => load({ HUB_KAFKA_CA_FILE: ca, HUB_KAFKA_CREDENTIALS_FILE: garbled })).toThrow(
      /not principal=password/,
    );
    expect(() => load({ HUB_KAFKA_CA_FILE: ca, HUB_KAFKA_CREDENTIALS_FILE: garbled })).not.toThrow(/r0uter/);
  });
});
