import type { Finding } from '@hub/contracts';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface MailFacts {
  what: string;
  /** "Nyt" instead of "Ny" in the subject (et svar, et afslag). */
  neuter?: boolean;
  action: string;
  receiverName: string;
  senderName: string;
  channel: string;
  /** Short reference the caseworker searches for, derived from the message id. */
  reference: string;
  messageId: string;
  due?: { dueOn: string; workingDays: number };
  agreementTitle?: string;
  clauseRef?: string;
  findings: Finding[];
}

const CHANNEL_NAMES: Record<string, string> = {
  beskedmodul: 'beskedmodulet',
  vitas: 'VITAS',
  jobag: 'JobAG',
};

export const channelName = (channel: string): string => CHANNEL_NAMES[channel] ?? channel;

export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

export function dueText(due: { dueOn: string; workingDays: number } | null | undefined): string {
  return due ? `${due.dueOn} (${due.workingDays} arbejdsdage efter modtagelse)` : 'ingen frist i aftalen';
}

export function agreementText(
  title: string | null | undefined,
  clauseRef: string | null | undefined,
): string {
  return title ? `${title}${clauseRef ? ` (${clauseRef})` : ''}` : 'ingen aftale dækker udvekslingen';
}

export const NO_PERSONAL_DATA_NOTE =
  'Denne mail er sendt automatisk af integrationshubben. Den indeholder ingen personoplysninger; brug referencen.';

/**
 * The mail to a caseworker mailbox: who must act, on what, by when, under which agreement. The
 * subject carries no name or CPR (docs/domain.md, Data protection: e-mail subjects carry neither); nor does the body.
 */
export function renderMail(facts: MailFacts): MailContent {
  const subject = `${facts.neuter ? 'Nyt' : 'Ny'} ${facts.what} fra ${facts.senderName} – ref. ${facts.reference}`;
  const lines: [string, string][] = [
    ['Til', facts.receiverName],
    ['Fra', `${facts.senderName} via ${channelName(facts.channel)}`],
    ['Hvad', facts.what],
    ['Hvad skal I gøre', facts.action],
    ['Frist', dueText(facts.due)],
    ['Samarbejdsaftale', agreementText(facts.agreementTitle, facts.clauseRef)],
    ['Reference', `${facts.reference} (besked-id ${facts.messageId}) – slå beskeden op i jeres fagsystem`],
  ];
  const findings = facts.findings.map((finding) => `${finding.code}: ${finding.messageDa}`);
  return composeMail(subject, lines, { heading: 'Hubbens bemærkninger', items: findings });
}

/**
 * A hub mail's text and HTML: the subject as heading, the facts as label/value lines, an optional
 * list (left out when empty), and the note that the mail carries no personal data.
 */
export function composeMail(
  subject: string,
  lines: readonly (readonly [string, string])[],
  list?: { heading: string; items: readonly string[] },
): MailContent {
  const items = list?.items ?? [];
  const text = [
    ...lines.map(([label, value]) => `${label}: ${value}`),
    ...(list && items.length > 0 ? ['', `${list.heading}:`, ...items.map((item) => `- ${item}`)] : []),
    '',
    NO_PERSONAL_DATA_NOTE,
  ].join('\n');
  const html = [
    '<!doctype html><html lang="da"><body style="font-family: sans-serif">',
    `<h2>${escapeHtml(subject)}</h2>`,
    '<table cellpadding="4">',
    ...lines.map(
      ([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    ),
    '</table>',
    ...(list && items.length > 0
      ? [
          `<h3>${escapeHtml(list.heading)}</h3><ul>`,
          ...items.map((item) => `<li>${escapeHtml(item)}</li>`),
          '</ul>',
        ]
      : []),
    `<p><small>${escapeHtml(NO_PERSONAL_DATA_NOTE)}</small></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
