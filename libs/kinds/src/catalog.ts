import type { MessageKind, PartnerMessageKind } from '@hub/contracts';

import { HUB_KIND_CATALOG } from './hub-kinds';
import type { KindInfo, KindLabel } from './kind-definition';
import { KINDS, PARTNER_KINDS } from './registry';

/**
 * Who sends and receives every kind the contracts define, and the agreement clauses it serves:
 * the partner kinds' from their files, the hub's own from hub-kinds.ts. schemas/README.md is
 * generated from it (libs/kinds/src/tooling/schema-readme.ts).
 */
export const MESSAGE_CATALOG = {
  ...Object.fromEntries(PARTNER_KINDS.map((kind) => [kind, KINDS[kind].catalog])),
  ...HUB_KIND_CATALOG,
} as { readonly [K in MessageKind]: KindInfo };

/** Every partner kind's names, for whatever shows a kind to a person (mails, the dashboard). */
export const KIND_LABELS = Object.fromEntries(
  PARTNER_KINDS.map((kind) => [kind, KINDS[kind].label]),
) as Readonly<Record<PartnerMessageKind, KindLabel>>;
