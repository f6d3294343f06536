import type { Agreement } from '../catalog/agreement';
import type { AgreementCatalog } from '../catalog/agreement-catalog';
import type { FindingCode } from './finding';
import { type ClauseCitation, FINDING_DEFINITIONS } from './finding-definitions';

/** The citation of one clause of an agreement. */
export function clauseCitation(
  catalog: AgreementCatalog,
  agreement: Agreement,
  clauseId: string,
): ClauseCitation {
  const clause = catalog.clause(agreement, clauseId);
  return { id: clause.id, ref: clause.ref };
}

/**
 * For findings whose rule has no clause of its own: the clause the agreement names for the code in
 * `findingClauses`, else the law citation of the finding definition.
 */
export function citationFor(
  code: FindingCode,
  catalog: AgreementCatalog,
  agreement: Agreement | undefined,
): { citation: ClauseCitation; agreement?: Agreement } {
  const clauseId = agreement?.findingClauses[code];
  if (agreement !== undefined && clauseId !== undefined) {
    return { citation: clauseCitation(catalog, agreement, clauseId), agreement };
  }
  const law = FINDING_DEFINITIONS[code].lawCitation;
  if (law === undefined) throw new Error(`finding ${code} needs a clause but has no law citation`);
  return { citation: law, agreement };
}
