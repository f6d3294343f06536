import { readFileSync } from 'node:fs';

import { parse } from 'yaml';
import { z } from 'zod';

import { DEFAULT_PARKING, ParkingLimits } from './parking-policy';
import { partnerSecret, SigningParty } from './signature';

/** Where and how one partner receives its documents. */
export interface PartnerTarget {
  /** `<kind>:<id>`, e.g. `jobcenter:707`. */
  partner: string;
  endpoint: string;
  hmacSecret: string;
  timeoutMs: number;
  /** When a document that keeps failing transiently is parked (parking-policy.ts). */
  parking: ParkingLimits;
}

export interface PartnerDefaults {
  /** URL template; {kind} and {id} are replaced by the receiver's, e.g. https://partner.example/{kind}/{id}/inbox */
  endpointTemplate: string;
  /** The adapter's master secret; a partner without its own secret gets partnerSecret(master, partner). */
  masterSecret: string;
  timeoutMs: number;
  /** `<PREFIX>_PARK_AFTER_ATTEMPTS`, `<PREFIX>_PARK_AFTER_MS`; the defaults when not given. */
  parking?: ParkingLimits;
  /**
   * Loopback hosts an endpoint may reach over plain http (`<PREFIX>_ALLOW_HTTP_HOSTS`; the local
   * profiles name 127.0.0.1 for the partner simulator). Every other endpoint must be https.
   */
  allowHttpHosts?: readonly string[];
}

/** Hosts that never leave the machine: the only ones plain http may be allowed to. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Why an endpoint may not be used, or null when it may: it must be https, or http to a loopback host
 * named in `allowHttpHosts`. Personal data (the CPR number) travels in the body, and the signature
 * proves who sent it but hides nothing: only TLS keeps it from being read on the way.
 */
export function insecureEndpointProblem(endpoint: string, allowHttpHosts: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return `${endpoint} is not a URL`;
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && allowHttpHosts.includes(url.hostname)) return null;
  if (url.protocol === 'http:') {
    return `${url.origin} must be https (plain http is allowed only to a loopback host named in <PREFIX>_ALLOW_HTTP_HOSTS)`;
  }
  return `${url.protocol} is not a partner endpoint protocol; use https`;
}

const partnerEntry = z
  .object({
    endpoint: z.string().url('must be a URL').optional(),
    hmacSecret: z.string().min(32, 'must be at least 32 characters').optional(),
    timeoutMs: z.number().int().positive('must be a positive whole number').optional(),
    parkAfterAttempts: z.number().int().positive('must be a positive whole number').optional(),
    parkAfterMs: z.number().int().positive('must be a positive whole number of milliseconds').optional(),
  })
  .strict();

const partnersFile = z
  .object({
    partners: z.record(
      z.string().regex(/^[a-z]+:[^\s:]+$/, 'partner keys are <kind>:<id>, e.g. jobcenter:707'),
      partnerEntry,
    ),
  })
  .strict();

export type PartnerOverrides = Record<string, z.infer<typeof partnerEntry>>;

export const partnerKey = (party: SigningParty): string => `${party.kind}:${party.id}`;

/**
 * Per-partner delivery settings: the endpoint template, the derived secret, the default timeout and
 * parking limits, each overridable for one partner in the partners file.
 */
export class PartnerDirectory {
  /** Throws, naming every endpoint that is not https (or allowed plain http), so the adapter does not start. */
  constructor(
    private readonly defaults: PartnerDefaults,
    private readonly overrides: PartnerOverrides = {},
  ) {
    const allowed = defaults.allowHttpHosts ?? [];
    const problems = [
      ['endpoint template', defaults.endpointTemplate] as const,
      ...Object.entries(overrides).flatMap(([partner, own]) =>
        own.endpoint ? [[`endpoint of ${partner} (partners file)`, own.endpoint] as const] : [],
      ),
    ].flatMap(([what, endpoint]) => {
      const problem = insecureEndpointProblem(endpoint, allowed);
      return problem ? [`  - ${what}: ${problem}`] : [];
    });
    if (problems.length > 0) {
      throw new Error(`partner endpoints must be https:\n${problems.join('\n')}`);
    }
  }

  targetFor(party: SigningParty): PartnerTarget {
    const partner = partnerKey(party);
    const own = this.overrides[partner] ?? {};
    return {
      partner,
      endpoint:
        own.endpoint ??
        this.defaults.endpointTemplate
          .replace('{kind}', encodeURIComponent(party.kind))
          .replace('{id}', encodeURIComponent(party.id)),
      hmacSecret: own.hmacSecret ?? partnerSecret(this.defaults.masterSecret, party),
      timeoutMs: own.timeoutMs ?? this.defaults.timeoutMs,
      parking: {
        afterAttempts:
          own.parkAfterAttempts ?? this.defaults.parking?.afterAttempts ?? DEFAULT_PARKING.afterAttempts,
        afterMs: own.parkAfterMs ?? this.defaults.parking?.afterMs ?? DEFAULT_PARKING.afterMs,
      },
    };
  }
}

/**
 * Reads a partners file (YAML, or JSON, which is YAML too):
 *
 * ```yaml
 * partners:
 *   jobcenter:101:
 *     endpoint: https://jobcenter.kk.example/hub/inbox   # instead of the endpoint template
 *     hmacSecret: <at least 32 characters>             # instead of the derived secret
 *     timeoutMs: 10000                                  # instead of <PREFIX>_TIMEOUT_MS
 *     parkAfterAttempts: 20                             # instead of <PREFIX>_PARK_AFTER_ATTEMPTS
 *     parkAfterMs: 3600000                              # instead of <PREFIX>_PARK_AFTER_MS
 * ```
 *
 * One file may serve every adapter: each keeps the partners of its own receiver kind. Throws with
 * every problem named when the file cannot be read or does not validate (the service does not start).
 */
export function loadPartnersFile(path: string, receiverKind: string): PartnerOverrides {
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`partners file ${path} cannot be read: ${(error as Error).message}`);
  }
  const result = partnersFile.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `  - ${issue.path.join('.') || '(file)'}: ${issue.message}`,
    );
    throw new Error(`partners file ${path} is not valid:\n${problems.join('\n')}`);
  }
  return Object.fromEntries(
    Object.entries(result.data.partners).filter(([key]) => key.startsWith(`${receiverKind}:`)),
  );
}
