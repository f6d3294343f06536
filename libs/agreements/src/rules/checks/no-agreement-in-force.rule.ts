import { MESSAGE_KIND_INFO } from '../../vocabulary/message-kinds';
import { clauseCitation } from '../citations';
import type { Rule } from '../rule';

/**
 * An agreement covers these parties and this kind, but not on the exchange date — e.g. Viborg's
 * (seed 002, "Gældende fra 1. januar 2020 til 31. december 2020") for an exchange on 2021-01-04.
 * Statutory exchanges are never rejected for it (seed 000: "Aftalen kan ikke tilsidesætte gældende
 * lovgivning"; the cap itself is in severity-policy.ts).
 */
export const noAgreementInForceRule: Rule = {
  code: 'NO_AGREEMENT_IN_FORCE',
  source:
    'the agreement’s validity period (seed 002 heading; seed 001 Ikrafttrædelse); seed 000 Aftalens rammer',
  evaluate({ exchange, catalog, coverage }) {
    const match = coverage.outOfForce;
    if (coverage.governing !== undefined || match === undefined) return [];
    const { agreement } = match;
    const { from, to } = agreement.validity;
    const notYet = exchange.date < from;
    const statutory = MESSAGE_KIND_INFO[exchange.kind].statutory;
    const between = `${catalog.displayName(match.sender)} og ${catalog.displayName(match.receiver)}`;
    const betweenEn = `${catalog.displayName(match.sender)} and ${catalog.displayName(match.receiver)}`;
    const period = `${from}–${to ?? ''}`;
    const lawDa = statutory
      ? ' Udvekslingen er lovbestemt og blokeres ikke af, at en frivillig aftale ikke gælder (seed 000, Aftalens rammer).'
      : '';
    const lawEn = statutory
      ? ' The exchange is required by law and is never blocked because a voluntary agreement does not apply (seed 000).'
      : '';
    return [
      {
        agreement,
        citation: clauseCitation(catalog, agreement, agreement.validity.clauseId),
        messageDa: notYet
          ? `Ingen aftale i kraft mellem ${between} den ${exchange.date}: "${agreement.title.da}" gælder først fra ${from}.${lawDa}`
          : `Ingen aftale i kraft mellem ${between} den ${exchange.date}: "${agreement.title.da}" gjaldt ${period} og er udløbet.${lawDa}`,
        messageEn: notYet
          ? `No agreement in force between ${betweenEn} on ${exchange.date}: "${agreement.title.en}" only applies from ${from}.${lawEn}`
          : `No agreement in force between ${betweenEn} on ${exchange.date}: "${agreement.title.en}" applied ${period} and has ended.${lawEn}`,
        details: {
          reason: notYet ? 'not-yet-in-force' : 'ended',
          validFrom: from,
          ...(to === undefined ? {} : { validTo: to }),
          statutory,
        },
      },
    ];
  },
};
