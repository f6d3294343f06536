import type { Agreement } from '../catalog/agreement';
import type { AgreementCatalog } from '../catalog/agreement-catalog';
import type { CoverageResult } from './coverage';
import type { FindingCode, FindingDetails } from './finding';
import type { ClauseCitation } from './finding-definitions';
import type { WorkingDayCalendar } from '../calendar/danish-working-day-calendar';
import type { Exchange } from '../exchange/exchange';

export interface RuleContext {
  readonly exchange: Exchange;
  readonly catalog: AgreementCatalog;
  readonly calendar: WorkingDayCalendar;
  readonly coverage: CoverageResult;
}

/** What a rule reports; the judge adds the severity from the agreement's policy and the law. */
export interface RawFinding {
  /** The agreement the finding is about; its policy decides the severity. */
  readonly agreement?: Agreement;
  readonly citation: ClauseCitation;
  readonly messageDa: string;
  readonly messageEn: string;
  readonly details?: FindingDetails;
}

/** One check, one file, one finding code. Rules are pure: no I/O, no clock. */
export interface Rule {
  readonly code: FindingCode;
  /** Where the rule comes from, for the README and `describe`. */
  readonly source: string;
  evaluate(context: RuleContext): readonly RawFinding[];
}
