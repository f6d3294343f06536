import { loadConfig } from '@hub/config';

import { checkIngressTransport, INGRESS_CONFIG } from './ingress.config';

const base = { HUB_KAFKA_BROKERS: '127.0.0.1:19092', INGRESS_PARTNER_API_KEYS: 'akasse:3F=0123456789abcdef' };
const load = (settings: Record<string, string>) =>
  loadConfig('ingress', INGRESS_CONFIG, { ...base, ...settings }, checkIngressTransport);

describe(checkIngressTransport.name, () => {
  it('takes HTTPS (certificate and key), with or without a client CA', () => {
    expect(
      load({ INGRESS_TLS_CERT_FILE: 'c.pem', INGRESS_TLS_KEY_FILE: 'k.pem' }).INGRESS_PLAIN_HTTP_ON_LOOPBACK,
    ).toBe(false);
    expect(
      load({
        INGRESS_TLS_CERT_FILE: 'c.pem',
        INGRESS_TLS_KEY_FILE: 'k.pem',
        INGRESS_TLS_CLIENT_CA_FILE: 'ca.pem',
      }).INGRESS_TLS_CLIENT_CA_FILE,
    ).toBe('ca.pem');
  });

  it('takes plain HTTP only when asked for by name', () => {
    expect(() => load({})).toThrow(/INGRESS_TLS_CERT_FILE: is required/);
    expect(load({ INGRESS_PLAIN_HTTP_ON_LOOPBACK: 'true' }).INGRESS_PLAIN_HTTP_ON_LOOPBACK).toBe(true);
    expect(() => load({ INGRESS_PLAIN_HTTP_ON_LOOPBACK: 'yes' })).toThrow(/must be true or false/);
  });

  it('refuses half a TLS setting, both transports at once, and client certificates without TLS', () => {
    expect(() => load({ INGRESS_TLS_CERT_FILE: 'c.pem' })).toThrow(/INGRESS_TLS_KEY_FILE/);
    expect(() =>
      load({
        INGRESS_TLS_CERT_FILE: 'c.pem',
        INGRESS_TLS_KEY_FILE: 'k.pem',
        INGRESS_PLAIN_HTTP_ON_LOOPBACK: 'true',
      }),
    ).toThrow(/INGRESS_PLAIN_HTTP_ON_LOOPBACK/);
    expect(() =>
      load({ INGRESS_PLAIN_HTTP_ON_LOOPBACK: 'true', INGRESS_TLS_CLIENT_CA_FILE: 'ca.pem' }),
    ).toThrow(/INGRESS_TLS_CLIENT_CA_FILE/);
  });

  it('never echoes a partner key back', () => {
    expect(() =>
      load({ INGRESS_PLAIN_HTTP_ON_LOOPBACK: 'true', INGRESS_PARTNER_API_KEYS: 'akasse:3F=short' }),
    ).toThrow(/at least 16 characters \(got "\*\*\*"\)/);
  });
});
