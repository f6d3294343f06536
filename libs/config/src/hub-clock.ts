import { z } from 'zod';

/**
 * Where the hub runs. `production` is the default, so a deployment that says nothing gets the strict
 * rules; the local profiles (infra/profiles/*.env: demo, test, bench) say `local`.
 */
export const HUB_ENVIRONMENTS = ['production', 'local'] as const;
export type HubEnvironment = (typeof HUB_ENVIRONMENTS)[number];

/**
 * Whose clock stamps a record on the partners' inbound topics, and so which time the router judges
 * lateness and the agreement in force on:
 * - `log-append-time` (the default): the broker's, when it appended the record (topic config
 *   `message.timestamp.type=LogAppendTime`). A partner cannot set it, so it cannot backdate an answer.
 * - `create-time`: the publisher's (`CreateTime`). The hub's clock is then set by whoever publishes,
 *   which is what the demo, the simulator, the tests and the benchmark need to replay past dates;
 *   never in production, where the publishers are the partners.
 */
export const INBOUND_TIMESTAMP_SETTINGS = ['log-append-time', 'create-time'] as const;
export type InboundTimestamps = (typeof INBOUND_TIMESTAMP_SETTINGS)[number];

/** The settings of the hub's clock, shared by the services that create or judge inbound records. */
export const HUB_CLOCK_CONFIG = {
  HUB_ENVIRONMENT: z
    .enum(HUB_ENVIRONMENTS, {
      errorMap: () => ({ message: `must be one of ${HUB_ENVIRONMENTS.join(', ')}` }),
    })
    .default('production'),
  HUB_INBOUND_TIMESTAMPS: z
    .enum(INBOUND_TIMESTAMP_SETTINGS, {
      errorMap: () => ({
        message: `must be log-append-time (the broker's time: production) or create-time (the publisher's: replaying past dates, local profiles only)`,
      }),
    })
    .default('log-append-time'),
};

export interface HubClockConfig {
  HUB_ENVIRONMENT: HubEnvironment;
  HUB_INBOUND_TIMESTAMPS: InboundTimestamps;
}

/**
 * The cross-check every service with HUB_CLOCK_CONFIG runs: letting the publisher set the hub's
 * clock is refused in production, where the publisher is the partner whose timeliness is judged.
 */
export function hubClockProblems(config: HubClockConfig): string[] {
  if (config.HUB_ENVIRONMENT === 'production' && config.HUB_INBOUND_TIMESTAMPS === 'create-time') {
    return [
      "HUB_INBOUND_TIMESTAMPS: create-time lets the publisher set the hub's clock (for replaying past dates in the demo and the tests) and is refused when HUB_ENVIRONMENT=production (the default); use log-append-time, or set HUB_ENVIRONMENT=local on a local profile",
    ];
  }
  return [];
}
