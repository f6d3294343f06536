import { deterministicUuid } from '@hub/common';
import type { ExchangeRouted } from '@hub/contracts';
import type { DigestItem } from '@hub/persistence';

import { DEFAULT_KIND_TEXT, kindTextOf } from '../templates/kind-texts';
import { MailContent, MailFacts, renderMail } from '../templates/mail-template';
import type { NotificationDirectory } from './notification-directory';

/**
 * `immediate`: a mail of its own, sent as soon as the outbox gets to it. `digest`: held for the
 * mailbox's daily digest.
 */
export type Delivery = 'immediate' | 'digest';

export interface PlannedMail extends MailContent {
  /** Deterministic: the same routed exchange always plans the same mail id (idempotent outbox). */
  mailId: string;
  mailbox: string;
  messageIds: string[];
  delivery: Delivery;
  /** What a digest lists about this exchange (used when `delivery` is `digest`). */
  digestItem: DigestItem;
}

/**
 * Which mails a routed exchange calls for: one per receiver with a mailbox, telling it what to do.
 *
 * An agreement with `notifications.digest: daily` (seed 001) gets one digest a day per mailbox
 * instead of a mail per message - except for an exchange the receiver must act on by a date under the
 * agreement (a recommendation to decide within 5 working days, an inquiry to answer within 2): that
 * one is still mailed at once, so the digest never eats into a deadline. Everything else under such
 * an agreement (decisions, handovers, invitations, status changes, flagged exchanges) waits for the
 * digest. Pure: the same event and directory give the same mails.
 */
export function planNotifications(event: ExchangeRouted, directory: NotificationDirectory): PlannedMail[] {
  const text = kindTextOf(event.kind) ?? DEFAULT_KIND_TEXT;
  const due = directory.dueDate(event.kind, event.agreementId, event.exchangeDate);
  const digest = event.agreementId ? directory.digestPolicy(event.agreementId) : 'none';
  const delivery: Delivery = digest === 'daily' && due === undefined ? 'digest' : 'immediate';
  const mails: PlannedMail[] = [];
  for (const receiver of event.receivers) {
    const mailbox = directory.mailboxOf(receiver);
    if (!mailbox) continue;
    const facts: MailFacts = {
      what: text.what,
      neuter: text.neuter === true,
      action: text.action,
      receiverName: directory.nameOf(receiver),
      senderName: directory.nameOf(event.sender),
      channel: event.channel,
      reference: referenceOf(event.messageId),
      messageId: event.messageId,
      due,
      agreementTitle: event.agreementId ? directory.agreementTitle(event.agreementId) : undefined,
      clauseRef: event.clauseRef ?? undefined,
      findings: event.findings,
    };
    mails.push({
      ...renderMail(facts),
      mailId: deterministicUuid('mail', event.messageId, receiver.kind, receiver.id),
      mailbox,
      messageIds: [event.messageId],
      delivery,
      digestItem: digestItemOf(facts),
    });
  }
  return mails;
}

/** The short reference a caseworker searches for in their own system: the message id's first 8. */
export function referenceOf(messageId: string): string {
  return messageId.slice(0, 8).toUpperCase();
}

function digestItemOf(facts: MailFacts): DigestItem {
  return {
    reference: facts.reference,
    messageId: facts.messageId,
    what: facts.what,
    action: facts.action,
    senderName: facts.senderName,
    receiverName: facts.receiverName,
    channel: facts.channel,
    due: facts.due ?? null,
    agreementTitle: facts.agreementTitle ?? null,
    clauseRef: facts.clauseRef ?? null,
    findings: facts.findings.map((finding) => ({ code: finding.code, messageDa: finding.messageDa })),
  };
}
