import { PARTY_KIND_NAMES } from '../../vocabulary/parties';
import { clauseCitation } from '../citations';
import type { Rule } from '../rule';
import { phaseOwnerOn } from '../unemployment-phase';

/**
 * A phase-bound exchange sent by the party that does not own the citizen's current phase. Seed 001,
 * Jobsamtaler: "A-kassen afholder 3 jobsamtaler med den ledige i de første 3 måneder af fuld
 * ledighed, og jobcentret afholder 3 jobsamtaler fra måned 4-6"; seed 003: the a-kasse "i en
 * periode, der maximalt kan løbe indtil udgangen af 6 ledighedsmåned".
 */
export const wrongPhaseRule: Rule = {
  code: 'WRONG_PHASE',
  source: 'phases + covers[].phaseBound of the governing agreement (seed 001 Jobsamtaler; seed 003)',
  evaluate({ exchange, catalog, coverage }) {
    const match = coverage.governing;
    const phases = match?.agreement.phases;
    if (match === undefined || phases === undefined || !match.rule.phaseBound) return [];
    const senderKind = exchange.sender.kind;
    if (senderKind !== 'akasse' && senderKind !== 'jobcenter') return [];
    const phase = phaseOwnerOn(phases, exchange.citizen?.unemployment, exchange.date);
    if (phase === undefined || phase.owner === senderKind) return [];
    const owner = PARTY_KIND_NAMES[phase.owner];
    const sender = PARTY_KIND_NAMES[senderKind];
    const n = phases.akasseUntilEndOfMonth;
    const whenDa =
      phase.basis === 'months'
        ? `ledighedsmåned ${phase.month ?? '?'}`
        : `efter ${phase.benefitHoursPaid ?? '?'} udbetalte dagpengetimer`;
    const whenEn =
      phase.basis === 'months'
        ? `month ${phase.month ?? '?'} of unemployment`
        : `after ${phase.benefitHoursPaid ?? '?'} paid benefit hours`;
    return [
      {
        agreement: match.agreement,
        citation: clauseCitation(catalog, match.agreement, phases.clauseId),
        messageDa: `${exchange.kind} er sendt af ${sender.da} i ${whenDa}, som hører til ${owner.da} (a-kassen har måned 1–${n}).`,
        messageEn: `${exchange.kind} was sent by ${sender.en} in ${whenEn}, which belongs to ${owner.en} (the a-kasse has months 1–${n}).`,
        details: {
          phaseOwner: phase.owner,
          basis: phase.basis,
          ...(phase.month === undefined ? {} : { month: phase.month }),
          ...(phase.benefitHoursPaid === undefined ? {} : { benefitHoursPaid: phase.benefitHoursPaid }),
          akasseUntilEndOfMonth: n,
        },
      },
    ];
  },
};
