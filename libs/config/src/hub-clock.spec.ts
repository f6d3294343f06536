import { HUB_CLOCK_CONFIG, hubClockProblems } from './hub-clock';
import { ConfigError, loadConfig } from './load-config';

describe('the hub clock settings', () => {
  const load = (env: Record<string, string | undefined>) =>
    loadConfig('router', HUB_CLOCK_CONFIG, env, hubClockProblems);

  it("defaults to production and the broker's log-append time", () => {
    expect(load({})).toEqual({ HUB_ENVIRONMENT: 'production', HUB_INBOUND_TIMESTAMPS: 'log-append-time' });
  });

  it("refuses the publisher's create time in production, also when production is only the default", () => {
    for (const env of [
      { HUB_INBOUND_TIMESTAMPS: 'create-time' },
      { HUB_INBOUND_TIMESTAMPS: 'create-time', HUB_ENVIRONMENT: 'production' },
    ]) {
      let error: unknown;
      try {
        load(env);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        expect.stringMatching(
          /^HUB_INBOUND_TIMESTAMPS: create-time .* refused when HUB_ENVIRONMENT=production/,
        ),
      ]);
    }
  });

  it('allows create time on a local profile, where the demo and the tests replay past dates', () => {
    expect(load({ HUB_ENVIRONMENT: 'local', HUB_INBOUND_TIMESTAMPS: 'create-time' })).toEqual({
      HUB_ENVIRONMENT: 'local',
      HUB_INBOUND_TIMESTAMPS: 'create-time',
    });
  });

  it('names a value it does not know, with the ones it does', () => {
    expect(() => load({ HUB_INBOUND_TIMESTAMPS: 'partner' })).toThrow(
      /HUB_INBOUND_TIMESTAMPS: must be log-append-time .* or create-time .*\(got "partner"\)/,
    );
    expect(() => load({ HUB_ENVIRONMENT: 'staging' })).toThrow(
      /HUB_ENVIRONMENT: must be one of production, local \(got "staging"\)/,
    );
  });
});
