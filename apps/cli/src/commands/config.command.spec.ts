import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { findRepoRoot } from '@hub/contracts';
import { settingsReference } from '@hub/config';

import { buildProgram } from '../program';
import { SERVICE_SETTINGS } from './config.command';

describe('hub config', () => {
  it('docs/configuration.md is what the services validate today (regenerate with npm run docs:config)', () => {
    const committed = readFileSync(join(findRepoRoot(__dirname), 'docs/configuration.md'), 'utf8');
    expect(committed).toBe(settingsReference(SERVICE_SETTINGS));
  });

  describe('check', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });
    const check = (service: string): Promise<unknown> =>
      buildProgram().parseAsync(['node', 'hub', 'config', 'check', service]);

    it('names every missing or malformed variable of the service, without starting it', async () => {
      process.env = { PATH: saved.PATH, HUB_KAFKA_BROKERS: 'not a broker list', ROUTER_HTTP_PORT: '70000' };
      const failure = check('router');
      await expect(failure).rejects.toThrow(/HUB_KAFKA_BROKERS: must be comma-separated host:port pairs/);
      await expect(check('router')).rejects.toThrow(
        /ROUTER_HTTP_PORT: must be a port number from 1 to 65535/,
      );
      await expect(check('router')).rejects.toThrow(/HUB_DATABASE_URL: is required/);
    });

    it("checks a partner-delivery process under its kind's prefix", async () => {
      process.env = { PATH: saved.PATH };
      await expect(check('union-adapter')).rejects.toThrow(/UNION_ADAPTER_ENDPOINT_TEMPLATE: is required/);
    });

    it('refuses a service it does not know, listing those it does', async () => {
      await expect(check('routr')).rejects.toThrow(
        /unknown service "routr"; one of: router, notifier, monitor/,
      );
    });
  });
});
