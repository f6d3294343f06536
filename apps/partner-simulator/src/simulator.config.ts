import { env, KAFKA_CONFIG } from '@hub/config';
import { DEFAULT_TOLERANCE_SECONDS } from '@hub/partner-delivery';
import { z } from 'zod';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const SIMULATOR_CONFIG = {
  ...KAFKA_CONFIG,
  SIMULATOR_HTTP_PORT: env.port(4010),
  SIMULATOR_LOG_LEVEL: env.logLevel(),
  SIMULATOR_HMAC_SECRET: env.secret('the master secret the adapters sign deliveries with (hub-signature)'),
  /** How far a delivery's signed time may be from the simulator's clock, and how long it remembers one. */
  SIMULATOR_SIGNATURE_TOLERANCE_SECONDS: env.positiveInt(DEFAULT_TOLERANCE_SECONDS),
  SIMULATOR_INBOX_LIMIT: env.positiveInt(5_000),
  /** Whether the simulated partners answer what they receive (decisions, grants, answers). */
  SIMULATOR_ANSWERS: z
    .enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) })
    .default('true')
    .transform((value) => value === 'true'),
  /** How long a simulated partner takes to answer (wall clock). */
  SIMULATOR_DECISION_DELAY_MS: z.coerce.number().int().min(0, 'must be 0 or more').default(3_000),
  /** Traffic at start-up: COUNT messages (0 = none) at RATE per second from SEED. */
  SIMULATOR_TRAFFIC_COUNT: z.coerce.number().int().min(0, 'must be 0 or more').default(0),
  SIMULATOR_TRAFFIC_RATE: z.coerce.number().positive('must be more than 0 messages per second').default(5),
  SIMULATOR_TRAFFIC_SEED: z.coerce.number().int('must be a whole number').default(1),
  /** The simulated first day of the traffic (Danish date); default 2025-03-03. */
  SIMULATOR_TRAFFIC_START_DATE: z.string().regex(ISO_DATE, 'must be a date YYYY-MM-DD').optional(),
  /**
   * How the simulated partners publish (traffic and answers): `kafka` on their inbound topics, or
   * `ingress` through the hub's HTTP ingress, as a partner without Kafka does (the settings below).
   */
  SIMULATOR_PUBLISH_VIA: z
    .enum(['kafka', 'ingress'], { errorMap: () => ({ message: 'must be kafka or ingress' }) })
    .default('kafka'),
  /** The ingress's messages URL, e.g. https://127.0.0.1:3007/messages. */
  SIMULATOR_INGRESS_URL: env.url().optional(),
  /** The CA certificate (PEM) the ingress's certificate chains to, when it is not a public one. */
  SIMULATOR_INGRESS_CA_FILE: z.string().min(1).optional(),
  /** The partners' ingress API keys, as the ingress has them: `akasse:3F=<key>,...`. */
  SIMULATOR_INGRESS_API_KEYS: env.partnerApiKeys(),
};

export type SimulatorConfig = z.infer<z.ZodObject<typeof SIMULATOR_CONFIG>>;

/** Publishing through the ingress needs where it is and the partners' keys. */
export function checkSimulatorPublishing(config: SimulatorConfig): string[] {
  if (config.SIMULATOR_PUBLISH_VIA !== 'ingress') return [];
  const problems: string[] = [];
  if (!config.SIMULATOR_INGRESS_URL)
    problems.push('SIMULATOR_INGRESS_URL: is required with SIMULATOR_PUBLISH_VIA=ingress');
  if (config.SIMULATOR_INGRESS_API_KEYS.length === 0)
    problems.push('SIMULATOR_INGRESS_API_KEYS: is required with SIMULATOR_PUBLISH_VIA=ingress');
  return problems;
}
