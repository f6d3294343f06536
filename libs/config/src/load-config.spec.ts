import { ConfigError, env, loadConfig } from './load-config';

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
