import type { DigestItem } from '@hub/persistence';

import {
  agreementText,
  channelName,
  dueText,
  escapeHtml,
  MailContent,
  NO_PERSONAL_DATA_NOTE,
} from './mail-template';

export interface DigestFacts {
  /** The Danish date the digest is for (YYYY-MM-DD). */
  date: string;
  /** The mailbox owner, e.g. "HK Danmarks A-kasse" (a party, never a person). */
  receiverName: string;
  items: readonly DigestItem[];
}

const count = (n: number): string => `${n} ${n === 1 ? 'besked' : 'beskeder'}`;

/**
 * One mail a day for a mailbox whose agreement asks for a digest (seed 001: `digest: daily`): every
 * exchange of the day that needs no action by a date, each with what it is, who sent it, what to do,
 * the agreement and the hub's findings. Like every mail: no name of a citizen, no CPR number - the
 * caseworker looks each one up by its reference.
 */
export function renderDigest(facts: DigestFacts): MailContent {
  const subject = `Dagligt overblik ${facts.date}: ${count(facts.items.length)} til ${facts.receiverName}`;
  const intro = `Integrationshubben samler her dagens ${count(facts.items.length)} til ${facts.receiverName}, som ikke har en frist i samarbejdsaftalen. Beskeder med en frist er sendt hver for sig.`;
  const blocks = facts.items.map((item, index) => {
    const lines = [
      `${index + 1}. Ref. ${item.reference}: ${item.what} fra ${item.senderName} via ${channelName(item.channel)}`,
      `   Hvad skal I gøre: ${item.action}`,
      `   Frist: ${dueText(item.due)}`,
      `   Samarbejdsaftale: ${agreementText(item.agreementTitle, item.clauseRef)}`,
      ...item.findings.map((finding) => `   Bemærkning: ${finding.code}: ${finding.messageDa}`),
      `   Besked-id: ${item.messageId}`,
    ];
    return lines.join('\n');
  });
  const text = [`Til: ${facts.receiverName}`, '', intro, '', ...blocks, '', NO_PERSONAL_DATA_NOTE].join('\n');
  const rows = facts.items.map((item) =>
    [
      '<tr>',
      `<td><strong>${escapeHtml(item.reference)}</strong><br><small>${escapeHtml(item.messageId)}</small></td>`,
      `<td>${escapeHtml(item.what)}</td>`,
      `<td>${escapeHtml(`${item.senderName} via ${channelName(item.channel)}`)}</td>`,
      `<td>${escapeHtml(item.action)}</td>`,
      `<td>${escapeHtml(agreementText(item.agreementTitle, item.clauseRef))}</td>`,
      `<td>${item.findings.map((f) => escapeHtml(`${f.code}: ${f.messageDa}`)).join('<br>') || '-'}</td>`,
      '</tr>',
    ].join(''),
  );
  const html = [
    '<!doctype html><html lang="da"><body style="font-family: sans-serif">',
    `<h2>${escapeHtml(subject)}</h2>`,
    `<p>${escapeHtml(intro)}</p>`,
    '<table cellpadding="4" border="1" style="border-collapse: collapse">',
    '<tr><th>Reference</th><th>Hvad</th><th>Fra</th><th>Hvad skal I gøre</th><th>Samarbejdsaftale</th><th>Hubbens bemærkninger</th></tr>',
    ...rows,
    '</table>',
    `<p><small>${escapeHtml(NO_PERSONAL_DATA_NOTE)}</small></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
