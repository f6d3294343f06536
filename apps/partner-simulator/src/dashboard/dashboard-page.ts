import type { Finding, PartyKind } from '@hub/contracts';

import type { ReceivedDocument, SentAnswer } from '../endpoints/partner-inboxes';
import type { TrafficRun } from '../traffic/traffic.service';
import { partnerName } from '../traffic/systems';

export interface PartnerView {
  /** `kind:id`, as the inboxes key it. */
  partner: string;
  received: ReceivedDocument[];
  answers: SentAnswer[];
  down: boolean;
}

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const SHOWN = 8;

function nameOf(partner: string): string {
  const [kind, id] = partner.split(':');
  return partnerName({ kind: kind as PartyKind, id: id ?? '' });
}

function receivedRow(item: ReceivedDocument): string {
  const document = item.document as {
    documentType?: string;
    kind?: string | null;
    messageId?: string | null;
    sender?: { kind: string; id: string };
    findings?: Finding[];
    rejection?: { reasonCode: string };
  };
  const what =
    document.documentType === 'rejection-receipt'
      ? `afvisning: ${document.rejection?.reasonCode ?? '?'}`
      : (document.kind ?? '?');
  const findings = (document.findings ?? []).map((finding) => finding.code).join(', ') || '-';
  return `<tr><td>${escape(item.receivedAt.slice(11, 19))}</td><td>${escape(what)}</td><td>${escape(
    document.sender ? `${document.sender.kind}:${document.sender.id}` : '?',
  )}</td><td><code>${escape((document.messageId ?? '').slice(0, 8))}</code></td><td>${escape(findings)}</td><td>${escape(item.reference)}${item.deliveries > 1 ? ` (${item.deliveries}×)` : ''}</td></tr>`;
}

function answerRow(answer: SentAnswer): string {
  return `<tr><td>${escape(answer.answeredAt.slice(11, 19))}</td><td>${escape(answer.kind)}</td><td>${escape(answer.outcome)}</td><td><code>${escape(answer.inReplyTo.slice(0, 8))}</code></td><td>${escape(answer.status)}</td></tr>`;
}

function trafficBlock(run: TrafficRun | undefined): string {
  if (!run) {
    return '<p>Ingen trafik endnu. Start: <code>curl -X POST -H "content-type: application/json" -d \'{"seed":1,"rate":5,"count":300}\' …/traffic</code></p>';
  }
  const kinds = Object.entries(run.byKind)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${escape(kind)} ${n}`)
    .join(' · ');
  return [
    `<p><strong>${escape(run.state)}</strong>: ${run.published} af ${run.count} beskeder udgivet, ${run.rate}/s, seed ${run.seed}, kørsel <code>${escape(run.runId)}</code>.`,
    ` Simuleret tid: ${escape(run.startDate)} → ${escape(run.simulatedUntil?.slice(0, 10) ?? '…')}. Dårlige beskeder: ${run.bad}.${run.error ? ` Fejl: ${escape(run.error)}` : ''}</p>`,
    `<p><small>${kinds}</small></p>`,
  ].join('');
}

/**
 * The simulator's page for the demo: the traffic run, and per simulated partner what arrived from the
 * hub and what it answered. No build step: one HTML string, refreshed by the browser. It shows no
 * CPR numbers (only kinds, references and findings).
 */
export function renderDashboard(
  partners: readonly PartnerView[],
  run: TrafficRun | undefined,
  now: Date,
): string {
  const sections = partners.map((view) => {
    const received = view.received.slice(-SHOWN).reverse().map(receivedRow).join('');
    const answers = view.answers.slice(-SHOWN).reverse().map(answerRow).join('');
    const [kind, id] = view.partner.split(':');
    return [
      `<section><h2>${escape(nameOf(view.partner))} <small>(${escape(view.partner)})${view.down ? ' — <strong>NEDE</strong> (simuleret)' : ''}</small></h2>`,
      `<p>Modtaget: ${view.received.length} · Svaret: ${view.answers.length} · <a href="/partners/${encodeURIComponent(kind)}/${encodeURIComponent(id ?? '')}/inbox">indbakke (JSON)</a> · <a href="/partners/${encodeURIComponent(kind)}/${encodeURIComponent(id ?? '')}/answers">svar (JSON)</a></p>`,
      received
        ? `<table><tr><th>modtaget</th><th>hvad</th><th>fra</th><th>besked</th><th>hubbens fund</th><th>vores reference</th></tr>${received}</table>`
        : '',
      answers
        ? `<h3>Svar sendt tilbage gennem hubben</h3><table><tr><th>sendt</th><th>hvad</th><th>udfald</th><th>svar på</th><th>status</th></tr>${answers}</table>`
        : '',
      '</section>',
    ].join('\n');
  });
  return [
    '<!doctype html><html lang="da"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">',
    '<title>Simulerede partnersystemer</title>',
    '<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #ccc;padding:2px 6px;font-size:90%;text-align:left}section{margin-bottom:1.5em}</style>',
    '</head><body>',
    '<h1>Simulerede partnersystemer</h1>',
    `<p><small>Opdateret ${escape(now.toISOString())}; siden genindlæses hvert 3. sekund.</small></p>`,
    '<h2>Trafik</h2>',
    trafficBlock(run),
    partners.length === 0 ? '<p>Intet modtaget endnu.</p>' : sections.join('\n'),
    '</body></html>',
  ].join('\n');
}
