import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { REPO_ROOT } from '../support/local-stack';

const start = (service: string, env: Record<string, string>) =>
  spawnSync('node', [join(REPO_ROOT, `dist/apps/${service}/src/main.js`)], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('starting a service with bad settings', () => {
  it('refuses to start the router and names every missing or malformed variable', () => {
    const result = start('router', { ROUTER_HTTP_PORT: 'abc', HUB_PSEUDONYM_KEY: 'short' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('router cannot start: invalid configuration');
    expect(result.stderr).toMatch(/HUB_KAFKA_BROKERS: .*it is not set/);
    expect(result.stderr).toMatch(/ROUTER_HTTP_PORT: must be a port number/);
    expect(result.stderr).toMatch(/HUB_PSEUDONYM_KEY: must be at least 32 characters/);
    // A secret's value is never echoed back.
    expect(result.stderr).not.toContain('short');
  });

  it('refuses to start the notifier with a database URL that is not one', () => {
    const result = start('notifier', {
      HUB_KAFKA_BROKERS: '127.0.0.1:1',
      HUB_DATABASE_URL: 'mysql://x',
      HUB_SMTP_URL: 'smtp://127.0.0.1:2025',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/HUB_DATABASE_URL: must be a postgres:\/\/ URL/);
  });

  it('refuses to start an adapter whose partner endpoint is not a URL', () => {
    const result = start('jobcenter-adapter', {
      HUB_KAFKA_BROKERS: '127.0.0.1:1',
      JOBCENTER_ADAPTER_HTTP_PORT: '13002',
      JOBCENTER_ADAPTER_ENDPOINT_TEMPLATE: 'not a url',
      JOBCENTER_ADAPTER_HMAC_SECRET: 'x'.repeat(40),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/JOBCENTER_ADAPTER_ENDPOINT_TEMPLATE: must be a URL template/);
  });

  it('refuses to start the ingress without HTTPS, with half a TLS setting, or with a key for a partner nobody knows', () => {
    const keys = {
      HUB_KAFKA_BROKERS: '127.0.0.1:1',
      INGRESS_PARTNER_API_KEYS: `akasse:3F=${'k'.repeat(24)}`,
    };
    const withoutTls = start('ingress', keys);
    expect(withoutTls.status).toBe(1);
    expect(withoutTls.stderr).toMatch(
      /INGRESS_TLS_CERT_FILE: is required: partners reach the ingress over HTTPS/,
    );
    const halfTls = start('ingress', { ...keys, INGRESS_TLS_CERT_FILE: '/nonexistent/server.crt' });
    expect(halfTls.status).toBe(1);
    expect(halfTls.stderr).toMatch(/INGRESS_TLS_KEY_FILE: is required with the other TLS file/);
    const unknownPartner = start('ingress', {
      ...keys,
      INGRESS_PLAIN_HTTP_ON_LOOPBACK: 'true',
      INGRESS_PARTNER_API_KEYS: `akasse:NOPE=${'k'.repeat(24)}`,
    });
    expect(unknownPartner.status).toBe(1);
    expect(unknownPartner.stderr).toMatch(/partners the agreements do not know: akasse:NOPE/);
    // A key is never echoed back.
    expect(`${withoutTls.stderr}${unknownPartner.stderr}`).not.toContain('k'.repeat(24));
  });
});
