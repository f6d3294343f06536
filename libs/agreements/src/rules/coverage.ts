import type { AgreementCatalog, CoverageMatch } from '../catalog/agreement-catalog';
import type { Exchange } from '../exchange/exchange';
import { daysBetween } from '../vocabulary/iso-date';

export interface CoverageResult {
  /** The agreement in force that governs the exchange, with the rule and receiver that matched. */
  readonly governing?: CoverageMatch;
  /**
   * When none is in force: the agreement that would cover it on another date, nearest in time
   * (e.g. Viborg's, which ended on 2020-12-31).
   */
  readonly outOfForce?: CoverageMatch;
}

/**
 * Which agreement governs an exchange. Receivers are tried in the order the router gives them; the
 * first receiver with an agreement in force decides. Pure: a function of exchange and catalog.
 */
export function resolveCoverage(exchange: Exchange, catalog: AgreementCatalog): CoverageResult {
  const all: CoverageMatch[] = [];
  for (const receiver of exchange.receivers) {
    const matches = catalog.coverageFor({ sender: exchange.sender, receiver, kind: exchange.kind });
    const inForce = matches.find((m) => catalog.isInForce(m.agreement, exchange.date));
    if (inForce !== undefined) return { governing: inForce };
    all.push(...matches);
  }
  if (all.length === 0) return {};
  const distance = (m: CoverageMatch): number => {
    const { from, to } = m.agreement.validity;
    if (exchange.date < from) return daysBetween(exchange.date, from);
    return to === undefined ? 0 : daysBetween(to, exchange.date);
  };
  // Stable sort keeps the catalog's ordering (signed first, newest first) between equal distances.
  const nearest = [...all].sort((a, b) => distance(a) - distance(b))[0];
  return nearest === undefined ? {} : { outOfForce: nearest };
}
