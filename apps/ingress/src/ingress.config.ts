import { env, HUB_CLOCK_CONFIG, hubClockProblems, KAFKA_CONFIG } from '@hub/config';
import { z } from 'zod';

/** Every setting of the HTTP ingress; INGRESS_* are its own, HUB_* are shared by the hub's services. */
export const INGRESS_CONFIG = {
  ...KAFKA_CONFIG,
  /**
   * Whose clock stamps what the ingress publishes: under log-append-time (production) the broker's;
   * under create-time (local profiles) the message's own envelope.queuedAt, as the simulator's and the
   * tests' partners publishing on Kafka set it.
   */
  ...HUB_CLOCK_CONFIG,
  HUB_AGREEMENTS_DIR: z.string().min(1).optional(),
  INGRESS_HTTP_PORT: env.port(3007),
  INGRESS_LOG_LEVEL: env.logLevel(),
  /**
   * Each partner's API key (x-api-key header): `akasse:3F=<key>,jobcenter:707=<key>`, keys at least
   * 16 characters. A key publishes as its partner only, on that partner's own inbound topics.
   */
  INGRESS_PARTNER_API_KEYS: env.partnerApiKeys(),
  /** The server's certificate and private key (PEM files): the ingress speaks HTTPS. */
  INGRESS_TLS_CERT_FILE: z.string().min(1).optional(),
  INGRESS_TLS_KEY_FILE: z.string().min(1).optional(),
  /**
   * CA certificate (PEM) that signs partners' client certificates. Set, a partner may authenticate
   * with a client certificate instead of a key: its subject CN names the partner (`akasse:3F`).
   */
  INGRESS_TLS_CLIENT_CA_FILE: z.string().min(1).optional(),
  /**
   * `true` serves plain HTTP instead of HTTPS: only for a local profile, where the ingress (like
   * every hub service) listens on 127.0.0.1 alone. Never set in production.
   */
  INGRESS_PLAIN_HTTP_ON_LOOPBACK: z
    .enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) })
    .default('false')
    .transform((value) => value === 'true'),
  /**
   * Largest message accepted, as the record the router would read (Avro bytes, key and headers): the
   * router's own limit (ROUTER_MAX_RECORD_BYTES, default 512 KiB), so what the ingress takes the router
   * takes too. A larger one is refused with 413 (TOO_LARGE).
   */
  INGRESS_MAX_MESSAGE_BYTES: env.positiveInt(512 * 1024),
  /**
   * Largest request body read (JSON form is several times the Avro size); a larger body is refused
   * with 413 before it is read whole.
   */
  INGRESS_MAX_BODY_BYTES: env.positiveInt(2 * 1024 * 1024),
};

export type IngressConfig = z.infer<z.ZodObject<typeof INGRESS_CONFIG>>;

/** HTTPS or, on a local profile only and when asked for by name, plain HTTP; never neither or both. */
export function checkIngressTransport(config: IngressConfig): string[] {
  const problems: string[] = hubClockProblems(config);
  const hasCert = config.INGRESS_TLS_CERT_FILE !== undefined;
  const hasKey = config.INGRESS_TLS_KEY_FILE !== undefined;
  if (hasCert !== hasKey) {
    problems.push(
      `${hasCert ? 'INGRESS_TLS_KEY_FILE' : 'INGRESS_TLS_CERT_FILE'}: is required with the other TLS file (certificate and key go together)`,
    );
  }
  if (!hasCert && !config.INGRESS_PLAIN_HTTP_ON_LOOPBACK) {
    problems.push(
      'INGRESS_TLS_CERT_FILE: is required: partners reach the ingress over HTTPS (plain HTTP only with INGRESS_PLAIN_HTTP_ON_LOOPBACK=true, for a local profile)',
    );
  }
  if (hasCert && config.INGRESS_PLAIN_HTTP_ON_LOOPBACK) {
    problems.push('INGRESS_PLAIN_HTTP_ON_LOOPBACK: must not be true when a TLS certificate is given');
  }
  if (config.INGRESS_TLS_CLIENT_CA_FILE !== undefined && !hasCert) {
    problems.push(
      'INGRESS_TLS_CLIENT_CA_FILE: needs HTTPS (INGRESS_TLS_CERT_FILE and INGRESS_TLS_KEY_FILE): client certificates are part of TLS',
    );
  }
  return problems;
}
