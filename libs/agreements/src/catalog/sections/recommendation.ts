import type { RecommendationSpec } from '../agreement';
import type { AgreementFile } from '../agreement-file.schema';
import type { MessageKind } from '../../vocabulary/message-kinds';
import type { KnownClauses } from './clauses';
import type { SectionIssue } from './section-issue';

/**
 * `recommendation` (optional): the fields an early-offer recommendation must carry, citing a known
 * clause, in an agreement that covers the recommendation at all (else they would never apply).
 */
export function resolveRecommendation(
  recommendation: AgreementFile['recommendation'],
  coveredKinds: ReadonlySet<MessageKind>,
  clauses: KnownClauses,
  issues: SectionIssue[],
): RecommendationSpec | undefined {
  if (recommendation === undefined) return undefined;
  clauses.require('recommendation.clause', recommendation.clause, issues);
  if (!coveredKinds.has('beskedmodul.EarlyOfferRecommendation')) {
    issues.push({
      path: 'recommendation',
      message:
        'the agreement does not cover beskedmodul.EarlyOfferRecommendation, so these requirements would never apply',
    });
  }
  return { clauseId: recommendation.clause, requiredFields: recommendation.requiredFields };
}
