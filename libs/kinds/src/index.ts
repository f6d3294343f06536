export { KIND_LABELS, MESSAGE_CATALOG } from './catalog';
export { ageFromCpr, categoryFacts } from './facts/common-facts';
export type { HubKind } from './hub-kinds';
export type {
  FactExtractor,
  KindDefinition,
  KindInfo,
  KindLabel,
  KindMail,
  Seed,
  SeedClause,
} from './kind-definition';
export type { PartnerMessage, PartnerMessageValue } from './partner-message';
export { KINDS, kindDefinitionOf, PARTNER_KINDS } from './registry';
