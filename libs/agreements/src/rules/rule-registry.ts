import { claimedTimeDivergesRule } from './checks/claimed-time-diverges.rule';
import { noAgreementInForceRule } from './checks/no-agreement-in-force.rule';
import { outsideAnyAgreementRule } from './checks/outside-any-agreement.rule';
import { outsideTargetGroupRule } from './checks/outside-target-group.rule';
import { placementStartedBeforeGrantRule } from './checks/placement-started-before-grant.rule';
import { ratioRuleExceededRule } from './checks/ratio-rule-exceeded.rule';
import { recommendationIncompleteRule } from './checks/recommendation-incomplete.rule';
import { responseLateRule } from './checks/response-late.rule';
import { riskNoticeLateRule } from './checks/risk-notice-late.rule';
import { unionConsentMissingRule } from './checks/union-consent-missing.rule';
import { wrongChannelRule } from './checks/wrong-channel.rule';
import { wrongPhaseRule } from './checks/wrong-phase.rule';
import { FINDING_CODES, type FindingCode } from './finding';
import type { Rule } from './rule';

/**
 * Every rule, in the order findings are reported. Checked when the module loads: exactly one rule
 * per finding code, so a new code without a rule (or two rules for one code) fails at start-up.
 */
export const RULES: readonly Rule[] = [
  noAgreementInForceRule,
  outsideAnyAgreementRule,
  wrongChannelRule,
  wrongPhaseRule,
  outsideTargetGroupRule,
  recommendationIncompleteRule,
  riskNoticeLateRule,
  responseLateRule,
  placementStartedBeforeGrantRule,
  ratioRuleExceededRule,
  unionConsentMissingRule,
  claimedTimeDivergesRule,
];

export function assertOneRulePerCode(rules: readonly Rule[]): void {
  const counts = new Map<FindingCode, number>(FINDING_CODES.map((code) => [code, 0]));
  for (const rule of rules) counts.set(rule.code, (counts.get(rule.code) ?? 0) + 1);
  const wrong = [...counts].filter(([, count]) => count !== 1);
  if (wrong.length > 0) {
    throw new Error(
      `rule registry: each finding code needs exactly one rule; got ${wrong.map(([c, n]) => `${c}×${n}`).join(', ')}`,
    );
  }
}

assertOneRulePerCode(RULES);
