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

  it("refuses to let the publisher set the router's and the ingress's clock in production", () => {
    const createTime = { HUB_KAFKA_BROKERS: '127.0.0.1:1', HUB_INBOUND_TIMESTAMPS: 'create-time' };
    const router = start('router', {
      ...createTime,
      HUB_DATABASE_URL: 'postgres://hub:hub@127.0.0.1:1/hub',
      HUB_PSEUDONYM_KEY: 'p'.repeat(32),
    });
    expect(router.status).toBe(1);
    expect(router.stderr).toMatch(
      /HUB_INBOUND_TIMESTAMPS: create-time lets the publisher set the hub's clock .* refused when HUB_ENVIRONMENT=production/,
    );
    const ingress = start('ingress', {
      ...createTime,
      HUB_ENVIRONMENT: 'production',
      INGRESS_PLAIN_HTTP_ON_LOOPBACK: 'true',
      INGRESS_PARTNER_API_KEYS: `akasse:3F=${'k'.repeat(24)}`,
    });
    expect(ingress.status).toBe(1);
    expect(ingress.stderr).toMatch(
      /HUB_INBOUND_TIMESTAMPS: create-time .* refused when HUB_ENVIRONMENT=production/,
    );
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
    const result = start('partner-delivery', {
      PARTNER_DELIVERY_KIND: 'jobcenter',
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

  it('refuses to start the partner delivery for a kind the hub does not deliver to', () => {
    const result = start('partner-delivery', { PARTNER_DELIVERY_KIND: 'vitas' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('partner-delivery cannot start: invalid configuration');
    expect(result.stderr).toMatch(/PARTNER_DELIVERY_KIND: must be one of akasse, jobcenter, union, company/);
  });

  it('refuses to start an adapter whose partner endpoint is plain http, unless to a loopback host allowed', () => {
    const settings = {
      PARTNER_DELIVERY_KIND: 'union',
      HUB_KAFKA_BROKERS: '127.0.0.1:1',
      HUB_DATABASE_URL: 'postgres://hub:hub@127.0.0.1:1/hub',
      UNION_ADAPTER_HTTP_PORT: '13007',
      UNION_ADAPTER_HMAC_SECRET: 'x'.repeat(40),
      HUB_DELIVERY_QUEUE_KEYS: `k1:${'ab'.repeat(32)}`,
      HUB_DELIVERY_QUEUE_KEY_ID: 'k1',
    };
    const plain = start('partner-delivery', {
      ...settings,
      UNION_ADAPTER_ENDPOINT_TEMPLATE: 'http://union.example/{kind}/{id}/inbox',
    });
    expect(plain.status).toBe(1);
    expect(plain.stderr).toMatch(/endpoint template: http:\/\/union\.example must be https/);
    const notLoopback = start('partner-delivery', {
      ...settings,
      UNION_ADAPTER_ENDPOINT_TEMPLATE: 'http://10.0.0.5/{kind}/{id}/inbox',
      UNION_ADAPTER_ALLOW_HTTP_HOSTS: '10.0.0.5',
    });
    expect(notLoopback.status).toBe(1);
    expect(notLoopback.stderr).toMatch(/UNION_ADAPTER_ALLOW_HTTP_HOSTS: may name loopback hosts only/);
  });

  it('refuses to start an adapter without a usable key for the pending documents, never echoing a key', () => {
    const settings = {
      PARTNER_DELIVERY_KIND: 'company',
      HUB_KAFKA_BROKERS: '127.0.0.1:1',
      HUB_DATABASE_URL: 'postgres://hub:hub@127.0.0.1:1/hub',
      COMPANY_ADAPTER_HTTP_PORT: '13008',
      COMPANY_ADAPTER_ENDPOINT_TEMPLATE: 'https://company.example/{kind}/{id}/inbox',
      COMPANY_ADAPTER_HMAC_SECRET: 'x'.repeat(40),
    };
    const missing = start('partner-delivery', settings);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/HUB_DELIVERY_QUEUE_KEYS: is required/);
    expect(missing.stderr).toMatch(/HUB_DELIVERY_QUEUE_KEY_ID: is required/);
    const short = start('partner-delivery', {
      ...settings,
      HUB_DELIVERY_QUEUE_KEYS: `k1:${'cd'.repeat(31)}`,
      HUB_DELIVERY_QUEUE_KEY_ID: 'k1',
    });
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/HUB_DELIVERY_QUEUE_KEYS: key k1: must be 64 hex digits/);
    expect(short.stderr).not.toContain('cdcd');
    const unknownId = start('partner-delivery', {
      ...settings,
      HUB_DELIVERY_QUEUE_KEYS: `k1:${'cd'.repeat(32)}`,
      HUB_DELIVERY_QUEUE_KEY_ID: 'k2',
    });
    expect(unknownId.status).toBe(1);
    expect(unknownId.stderr).toContain(
      'HUB_DELIVERY_QUEUE_KEY_ID names key k2, but HUB_DELIVERY_QUEUE_KEYS has only k1',
    );
  });
});
