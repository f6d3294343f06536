/**
 * @hub/agreements — agreement data, the rules engine and the Danish working-day calendar.
 * No Avro, no Kafka, no database: everything here is pure given its inputs.
 */

// Vocabulary shared with the other services.
export { CHANNELS, MESSAGE_KINDS, MESSAGE_KIND_INFO, isMessageKind } from './vocabulary/message-kinds';
export type { Channel, MessageKind, MessageKindInfo, PlacementKind } from './vocabulary/message-kinds';
export {
  DIRECTORY_PARTY_KINDS,
  JOBAG,
  PARTY_ID_PATTERNS,
  PARTY_KINDS,
  VITAS,
  asPartyRef,
  isDirectoryPartyKind,
  isPartyKind,
  partyKey,
  sameParty,
} from './vocabulary/parties';
export type { DirectoryPartyKind, PartyKind, PartyRef, PartyRefLike } from './vocabulary/parties';
export { CITIZEN_CATEGORIES } from './vocabulary/citizen-categories';
export type { CitizenCategory } from './vocabulary/citizen-categories';
export { RECOMMENDATION_FIELDS, RECOMMENDATION_FIELD_LABELS } from './vocabulary/recommendation-fields';
export type { RecommendationField } from './vocabulary/recommendation-fields';
export {
  InvalidIsoDateError,
  addDays,
  addMonths,
  ageOn,
  daysBetween,
  isIsoDate,
} from './vocabulary/iso-date';
export type { IsoDate } from './vocabulary/iso-date';

// The exchange the engine judges.
export { GRANT_STATES, OFFER_TYPES } from './exchange/exchange';
export type {
  CitizenFacts,
  ClaimedTimeFacts,
  Exchange,
  GeneralExchange,
  GrantState,
  OfferType,
  PlacementExchange,
  PlacementFacts,
  RecommendationExchange,
  RecommendationFacts,
  ReplyReference,
  RiskNoticeExchange,
  RiskNoticeFacts,
  UnemploymentFacts,
} from './exchange/exchange';

// Agreement data: load, validate, look up, describe.
export { loadAgreementCatalog, parseAgreementCatalog } from './catalog/load-agreement-catalog';
export type { AgreementSourceFile } from './catalog/load-agreement-catalog';
export { AgreementCatalog, partnersOf } from './catalog/agreement-catalog';
export type { CoverageMatch, CoverageQuery } from './catalog/agreement-catalog';
export { AgreementFileError, formatAgreementFileIssue } from './catalog/agreement-file.error';
export type { AgreementFileIssue } from './catalog/agreement-file.error';
export { defaultAgreementsDir } from './catalog/default-agreements-dir';
export { DEFAULT_AS_FAST_AS_POSSIBLE_WORKING_DAYS } from './catalog/sections/targets';
export {
  describeAgreement,
  describeAgreements,
  describeDue,
  formatAgreementDescriptions,
} from './catalog/describe-agreements';
export type { AgreementDescription } from './catalog/describe-agreements';
export type {
  Agreement,
  AgreementStatus,
  Clause,
  CoverageRule,
  LocalizedText,
  PartyEntry,
  PartyGroup,
  PhaseSplit,
  RecommendationSpec,
  ResponseTarget,
  ResponsibleParty,
  TargetDue,
  TargetGroup,
  TargetGroupSpec,
  Validity,
} from './catalog/agreement';

// Calendar.
export { DEFAULT_EXTRA_CLOSED_DAYS, DanishWorkingDayCalendar } from './calendar/danish-working-day-calendar';
export type {
  DanishWorkingDayCalendarOptions,
  WorkingDayCalendar,
} from './calendar/danish-working-day-calendar';

// Rules engine.
export { InvalidExchangeError, judgeExchange } from './rules/judge-exchange';
export { expectationsFor, responseDueDate, targetRuleCode } from './rules/expectations';
export type { Expectation } from './rules/expectations';
export { resolveCoverage } from './rules/coverage';
export type { CoverageResult } from './rules/coverage';
export { FINDING_CODES, SEVERITIES, verdictOf } from './rules/finding';
export type {
  Finding,
  FindingCode,
  FindingDetailValue,
  FindingDetails,
  Judgement,
  Severity,
  SeverityBasis,
  Verdict,
} from './rules/finding';
export { FINDING_DEFINITIONS, LAW_CITATIONS } from './rules/finding-definitions';
export type { ClauseCitation, FindingDefinition } from './rules/finding-definitions';
export { RULES } from './rules/rule-registry';
export type { Rule, RuleContext } from './rules/rule';
export { effectivePolicy, resolveSeverity } from './rules/severity-policy';
export { allowedPlacements } from './rules/checks/ratio-rule-exceeded.rule';
export { handoverDateFrom, monthOfUnemployment, phaseOwnerOn } from './rules/unemployment-phase';
