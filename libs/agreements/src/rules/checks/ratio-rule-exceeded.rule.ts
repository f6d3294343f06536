import { citationFor } from '../citations';
import type { Rule } from '../rule';

/**
 * The ratio rule (rimelighedskravet), counted per P-number: at most 1 person in placement or wage
 * subsidy per 5 ordinary employees — at least 1 — up to 50 employees, plus 1 per 10 above 50.
 * Seed 002 §2.2 makes it a condition for starting ("forholdet mellem virksomhedens ansatte og
 * 'ansatte' i aktivering er overholdt"). Checked while the placement is being decided.
 */
export const ratioRuleExceededRule: Rule = {
  code: 'RATIO_RULE_EXCEEDED',
  source: 'law; seed 002 §2.2',
  evaluate({ exchange, catalog, coverage }) {
    if (
      exchange.kind !== 'vitas.PlacementSubmitted' &&
      exchange.kind !== 'vitas.PlacementPreApproved' &&
      exchange.kind !== 'vitas.PlacementGranted'
    ) {
      return [];
    }
    const { ordinaryStaffAtPNumber: staff, otherPlacementsAtPNumber: others } = exchange.placement;
    if (staff === undefined || others === undefined) return [];
    const allowed = allowedPlacements(staff);
    if (others + 1 <= allowed) return [];
    const { citation, agreement } = citationFor(
      'RATIO_RULE_EXCEEDED',
      catalog,
      coverage.governing?.agreement,
    );
    return [
      {
        agreement,
        citation,
        // Names the field, never its value: the P-number field is the partner's text (issue 16.4).
        messageDa: `Rimelighedskravet er overskredet på arbejdsstedet (company.pNumber): ${staff} ordinært ansatte giver plads til højst ${allowed} i praktik eller løntilskud, og denne placering bliver nr. ${others + 1}.`,
        messageEn: `The ratio rule is exceeded at the workplace (company.pNumber): ${staff} ordinary staff allow at most ${allowed} in placement or wage subsidy, and this placement would be number ${others + 1}.`,
        details: {
          ordinaryStaff: staff,
          otherPlacements: others,
          allowed,
        },
      },
    ];
  },
};

/** People allowed in placement/wage subsidy at a P-number with `ordinaryStaff` ordinary employees. */
export function allowedPlacements(ordinaryStaff: number): number {
  if (ordinaryStaff <= 50) return Math.max(1, Math.floor(ordinaryStaff / 5));
  return 10 + Math.floor((ordinaryStaff - 50) / 10);
}
