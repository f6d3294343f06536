import { readFileSync } from 'node:fs';

import { parse } from 'yaml';
import { z } from 'zod';

import { partnerSecret, SigningParty } from './signature';

/** Where and how one partner receives its documents. */
export interface PartnerTarget {
  /** `<kind>:<id>`, e.g. `jobcenter:707`. */
  partner: string;
  endpoint: string;
  hmacSecret: string;
  timeoutMs: number;
}

export interface PartnerDefaults {
  /** URL template; {kind} and {id} are replaced by the receiver's, e.g. http://127.0.0.1:4010/partners/{kind}/{id}/inbox */
  endpointTemplate: string;
  /** The adapter's master secret; a partner without its own secret gets partnerSecret(master, partner). */
  masterSecret: string;
  timeoutMs: number;
}

const partnerEntry = z
  .object({
    endpoint: z.string().url('must be a URL').optional(),
    hmacSecret: z.string().min(32, 'must be at least 32 characters').optional(),
    timeoutMs: z.number().int().positive('must be a positive whole number').optional(),
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
 * Per-partner delivery settings: the endpoint template, the derived secret and the default timeout,
 * each overridable for one partner in the partners file.
 */
export class PartnerDirectory {
  constructor(
    private readonly defaults: PartnerDefaults,
    private readonly overrides: PartnerOverrides = {},
  ) {}

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
