import { z } from 'zod';

import { FINDING_CODES, SEVERITIES } from '../rules/finding';
import { CITIZEN_CATEGORIES } from '../vocabulary/citizen-categories';
import { isIsoDate } from '../vocabulary/iso-date';
import { CHANNELS, MESSAGE_KINDS } from '../vocabulary/message-kinds';
import { DIRECTORY_PARTY_KINDS, PARTY_ID_HINTS, PARTY_ID_PATTERNS, PARTY_KINDS } from '../vocabulary/parties';
import { RECOMMENDATION_FIELDS } from '../vocabulary/recommendation-fields';

/**
 * Shape of the YAML files. Only the shape is checked here; references between sections and to the
 * party directory are checked afterwards, section by section (resolve-agreement.ts, sections/), so
 * that every problem in every file is reported at once.
 */

const isoDate = z.string({ invalid_type_error: 'must be a date written YYYY-MM-DD' }).refine(isIsoDate, {
  message: 'must be a real date written YYYY-MM-DD',
});

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, e.g. aarhus-3f-2026');

const text = z.string().trim().min(1, 'must not be empty');

const directoryPartyRef = z
  .object({
    kind: z.enum(DIRECTORY_PARTY_KINDS),
    id: z.string({ invalid_type_error: 'must be a string (quote kommunekoder: "707")' }),
  })
  .strict()
  .superRefine((ref, ctx) => {
    if (!PARTY_ID_PATTERNS[ref.kind].test(ref.id)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['id'],
        message: `'${ref.id}' is not ${PARTY_ID_HINTS[ref.kind]}`,
      });
    }
  });

const groupRef = z
  .object({ group: z.string().regex(/^[A-Z0-9][A-Z0-9-]*$/, 'must be an upper-case group id') })
  .strict();

/**
 * `{ group: ID }` or `{ kind, id }`, chosen by the presence of `group`, so an error names the field
 * that is wrong instead of "matches neither shape".
 */
export const agreementPartySchema = z
  .unknown()
  .transform((value, ctx): z.infer<typeof groupRef> | z.infer<typeof directoryPartyRef> => {
    const isGroup = typeof value === 'object' && value !== null && 'group' in value;
    const result = isGroup ? groupRef.safeParse(value) : directoryPartyRef.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue(issue);
    return z.NEVER;
  });

const coverSchema = z
  .object({
    kind: z.enum(MESSAGE_KINDS),
    from: z.array(z.enum(PARTY_KINDS)).min(1),
    to: z.array(z.enum(PARTY_KINDS)).min(1),
    channels: z.array(z.enum(CHANNELS)).min(1).optional(),
    clause: slug,
    channelClause: slug.optional(),
    phaseBound: z.boolean().default(false),
    bothWays: z.boolean().default(false),
  })
  .strict();

const phasesSchema = z
  .object({
    akasseUntilEndOfMonth: z.number().int().min(1).max(24),
    handoverAtBenefitHours: z.number().int().positive().optional(),
    clause: slug,
  })
  .strict();

const targetGroupSchema = z
  .object({
    id: slug,
    da: text,
    en: text,
    anyOfCategories: z.array(z.enum(CITIZEN_CATEGORIES)).min(1).optional(),
    noneOfCategories: z.array(z.enum(CITIZEN_CATEGORIES)).default([]),
    minAge: z.number().int().min(0).max(130).optional(),
    maxAgeExclusive: z.number().int().min(1).max(130).optional(),
  })
  .strict();

const targetGroupsSchema = z
  .object({
    clause: slug,
    groups: z.array(targetGroupSchema).min(1),
  })
  .strict();

const recommendationSchema = z
  .object({
    clause: slug,
    requiredFields: z.array(z.enum(RECOMMENDATION_FIELDS)).min(1),
  })
  .strict();

const dueSchema = z.union(
  [
    z.object({ workingDaysAfterExchange: z.number().int().min(0).max(260) }).strict(),
    z.object({ calendarDaysBeforeHandover: z.number().int().min(0).max(365) }).strict(),
    z.object({ workingDaysBeforeHandover: z.number().int().min(0).max(260) }).strict(),
    z.object({ calendarDaysBeforePlacementStart: z.number().int().min(0).max(365) }).strict(),
  ],
  {
    errorMap: () => ({
      message:
        'must be exactly one of { workingDaysAfterExchange: N }, { calendarDaysBeforeHandover: N }, { workingDaysBeforeHandover: N }, { calendarDaysBeforePlacementStart: N }',
    }),
  },
);

const targetSchema = z
  .object({
    id: slug,
    clause: slug,
    triggers: z.array(z.enum(MESSAGE_KINDS)).default([]),
    expects: z.array(z.enum(MESSAGE_KINDS)).min(1),
    responsible: z.enum(['sender', 'receiver', ...DIRECTORY_PARTY_KINDS]),
    due: dueSchema.optional(),
    asFastAsPossible: z.boolean().default(false),
    conditional: z.boolean().default(false),
  })
  .strict();

const clauseSchema = z
  .object({
    id: slug,
    ref: text,
    da: text,
    en: text,
  })
  .strict();

export const agreementFileSchema = z
  .object({
    id: slug,
    title: z.object({ da: text, en: text }).strict(),
    seed: text,
    status: z.enum(['signed', 'draft']),
    parties: z.array(agreementPartySchema).min(2),
    validity: z
      .object({
        from: isoDate,
        to: isoDate.optional(),
        clause: slug,
      })
      .strict(),
    covers: z.array(coverSchema).min(1),
    phases: phasesSchema.optional(),
    targetGroups: targetGroupsSchema.optional(),
    recommendation: recommendationSchema.optional(),
    targets: z.array(targetSchema).default([]),
    policy: z.record(z.enum(FINDING_CODES), z.enum(SEVERITIES)).default({}),
    findingClauses: z.record(z.enum(FINDING_CODES), slug).default({}),
    notifications: z
      .object({ digest: z.enum(['daily', 'none']) })
      .strict()
      .default({ digest: 'none' }),
    retention: z.object({ exchangeLogMonths: z.number().int().min(1).max(240) }).strict(),
    clauses: z.array(clauseSchema).min(1),
  })
  .strict();

export type AgreementFile = z.infer<typeof agreementFileSchema>;
export type AgreementFileParty = z.infer<typeof agreementPartySchema>;

/** @hub/contracts' WIRE_FRAMINGS (this library does not depend on the contracts). */
export const PARTNER_FRAMINGS = ['single-object', 'schema-registry'] as const;
export type PartnerFraming = (typeof PARTNER_FRAMINGS)[number];

const directoryEntrySchema = z
  .object({
    kind: z.enum(DIRECTORY_PARTY_KINDS),
    id: z.string({ invalid_type_error: 'must be a string (quote kommunekoder: "707")' }),
    name: text,
    email: z.string().email().optional(),
    // The Avro framing the partner's own system reads and writes (@hub/contracts, schema-ids.ts);
    // the hub reads either on inbound topics, and frames what it routes to the partner this way.
    framing: z.enum(PARTNER_FRAMINGS).optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (!PARTY_ID_PATTERNS[entry.kind].test(entry.id)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['id'],
        message: `'${entry.id}' is not ${PARTY_ID_HINTS[entry.kind]}`,
      });
    }
  });

export const partyDirectoryFileSchema = z
  .object({
    parties: z.array(directoryEntrySchema).default([]),
    groups: z
      .array(
        z
          .object({
            id: z.string().regex(/^[A-Z0-9][A-Z0-9-]*$/, 'must be an upper-case group id'),
            name: text,
            members: z.array(directoryPartyRef).min(1),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type PartyDirectoryFile = z.infer<typeof partyDirectoryFileSchema>;
