import { LAW_CITATIONS } from '../finding-definitions';
import type { Rule } from '../rule';

/**
 * No agreement in the catalog covers the exchange on any date. docs/domain.md: the hub records "outside
 * any agreement" as an outcome of its own; it is a note, because most traffic needs no agreement.
 */
export const outsideAnyAgreementRule: Rule = {
  code: 'OUTSIDE_ANY_AGREEMENT',
  source: 'docs/domain.md, Agreement-relevant exchanges',
  evaluate({ exchange, catalog, coverage }) {
    if (coverage.governing !== undefined || coverage.outOfForce !== undefined) return [];
    const between = exchange.receivers.flatMap((r) =>
      catalog.agreementsBetween(exchange.sender, r).map((a) => a.id),
    );
    const receivers = exchange.receivers.map((r) => catalog.displayName(r)).join(', ');
    const sender = catalog.displayName(exchange.sender);
    const otherDa =
      between.length > 0
        ? ` Parterne har aftaler (${between.join(', ')}), men de omfatter ikke denne type.`
        : '';
    const otherEn =
      between.length > 0
        ? ` The parties have agreements (${between.join(', ')}), but not for this kind.`
        : '';
    return [
      {
        citation: LAW_CITATIONS.noAgreement,
        messageDa: `${exchange.kind} fra ${sender} til ${receivers} er ikke omfattet af nogen samarbejdsaftale.${otherDa}`,
        messageEn: `${exchange.kind} from ${sender} to ${receivers} is not covered by any agreement.${otherEn}`,
        details: { agreementsBetweenParties: [...new Set(between)] },
      },
    ];
  },
};
