import { clauseCitation } from '../citations';
import type { Rule } from '../rule';

/**
 * The kind arrived on a channel the governing agreement does not allow. Seed 001, Tilbud: "Der er
 * kun én vej til at afgive indstilling til tilbud: 1. Indstilling om et tidligt tilbud afgives i
 * beskedmodulet"; Jobformidling: "Videreformidlingen af jobordrer skal ske via JobAG".
 */
export const wrongChannelRule: Rule = {
  code: 'WRONG_CHANNEL',
  source: 'covers[].channels of the governing agreement (seed 001, Tilbud and Jobformidling)',
  evaluate({ exchange, catalog, coverage }) {
    const match = coverage.governing;
    if (match === undefined || match.rule.channels.includes(exchange.channel)) return [];
    const allowed = match.rule.channels.join(', ');
    return [
      {
        agreement: match.agreement,
        citation: clauseCitation(catalog, match.agreement, match.rule.channelClauseId),
        messageDa: `${exchange.kind} skal efter aftalen sendes via ${allowed}, men kom via ${exchange.channel}.`,
        messageEn: `Under the agreement ${exchange.kind} must be sent via ${allowed}, but it arrived via ${exchange.channel}.`,
        details: { channel: exchange.channel, allowedChannels: match.rule.channels },
      },
    ];
  },
};
