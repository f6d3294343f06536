import { citationFor } from '../citations';
import type { Rule } from '../rule';

/**
 * An exchange between a union and an a-kasse or jobcenter about a person, without that person's
 * consent on record. a-kasse ⇄ jobcenter exchange is by law and needs none; a union is different
 * (docs/domain.md, Data protection). Seed 000: "følger de gældende regler om tavshedspligt" and the
 * jobcenter "anbefaler ... at borgeren inddrager" the union — the citizen decides; seed 002 §4.
 */
export const unionConsentMissingRule: Rule = {
  code: 'UNION_CONSENT_MISSING',
  source: 'law (data protection); seed 000 Aftalen; seed 002 §4',
  evaluate({ exchange, catalog, coverage }) {
    const citizen = exchange.citizen;
    if (citizen === undefined || citizen.unionConsentOnRecord === true) return [];
    const unions = [exchange.sender, ...exchange.receivers].filter((p) => p.kind === 'union');
    if (unions.length === 0) return [];
    const { citation, agreement } = citationFor(
      'UNION_CONSENT_MISSING',
      catalog,
      coverage.governing?.agreement,
    );
    const names = unions.map((u) => catalog.displayName(u)).join(', ');
    return [
      {
        agreement,
        citation,
        messageDa: `Udveksling med ${names} om en borger kræver borgerens samtykke, og der er ikke registreret noget samtykke.`,
        messageEn: `An exchange with ${names} about a citizen needs the citizen's consent, and none is on record.`,
        details: { unions: unions.map((u) => u.id) },
      },
    ];
  },
};
