import { REASON_CODES, type ReasonStage } from './reason-codes';

/** What each step is, for a reader of docs/reason-codes.md. */
const STAGES: Readonly<Record<ReasonStage, string>> = {
  decode:
    'Reading the record (router, or the ingress for a submission over HTTPS). The same bytes will never read, so nothing here is retried.',
  validate:
    'Checking the message before any agreement is consulted: identifiers, sender, receivers, text limits.',
  agreement:
    "The agreements' rules (agreements/*.yaml). A finding whose severity is `reject` becomes the reason; with another severity the same code is a finding on a delivered exchange.",
  route: "Producing the receivers' copies.",
  deliver: "Delivering to a partner's system (the partner-delivery adapters).",
  record: "Recording it: the monitor's exchange log, the notifier's mails.",
};

/**
 * docs/reason-codes.md, generated from REASON_CODES (`npm run docs:reasons`); a unit test fails when
 * the committed file differs, so the document cannot drift from the codes the hub raises.
 */
export function reasonCodesReference(): string {
  const lines = [
    '# Reason codes',
    '',
    '<!-- Generated from libs/contracts/src/catalog/reason-codes.ts by `npm run docs:reasons`; do not edit. -->',
    '',
    'Every reason the hub gives for not passing a message on. The same code is in the dead letter',
    '(header `hub-dlq-reason-code`, `hub deadletters list --reason <code>`), in the rejection receipt to',
    "the sender (`reasonCode`), in the HTTP ingress's 4xx answer, in the exchange log and on the",
    "dashboard. Codes are stable: partners' systems key on them, so a code is never renamed. `hub",
    'deadletters reasons` prints this table.',
    '',
  ];
  for (const [stage, meaning] of Object.entries(STAGES)) {
    lines.push(`## ${stage}`, '', meaning, '', '| code | Dansk | English |', '| --- | --- | --- |');
    for (const [code, reason] of Object.entries(REASON_CODES)) {
      if (reason.where === stage) lines.push(`| \`${code}\` | ${reason.da} | ${reason.en} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
