import type { ExchangeRouted } from '@hub/contracts';
import { deterministicUuid } from '@hub/privacy';

import { DEFAULT_KIND_TEXT, KIND_TEXTS } from '../templates/kind-texts';
import { MailContent, renderMail } from '../templates/mail-template';
import type { NotificationDirectory } from './notification-directory';

export interface PlannedMail extends MailContent {
  /** Deterministic: the same routed exchange always plans the same mail id (idempotent outbox). */
  mailId: string;
  mailbox: string;
  messageIds: string[];
}

/**
 * Which mails a routed exchange calls for: one per receiver with a mailbox, telling it what to do.
 * Pure: the same event and directory give the same mails.
 */
export function planNotifications(event: ExchangeRouted, directory: NotificationDirectory): PlannedMail[] {
  const text = KIND_TEXTS[event.kind] ?? DEFAULT_KIND_TEXT;
  const due = directory.dueDate(event.kind, event.agreementId, event.exchangeDate);
  const mails: PlannedMail[] = [];
  for (const receiver of event.receivers) {
    const mailbox = directory.mailboxOf(receiver);
    if (!mailbox) continue;
    const content = renderMail({
      what: text.what,
      action: text.action,
      receiverName: directory.nameOf(receiver),
      senderName: directory.nameOf(event.sender),
      channel: event.channel,
      reference: event.messageId.slice(0, 8).toUpperCase(),
      messageId: event.messageId,
      due,
      agreementTitle: event.agreementId ? directory.agreementTitle(event.agreementId) : undefined,
      clauseRef: event.clauseRef ?? undefined,
      findings: event.findings,
    });
    mails.push({
      ...content,
      mailId: deterministicUuid('mail', event.messageId, receiver.kind, receiver.id),
      mailbox,
      messageIds: [event.messageId],
    });
  }
  return mails;
}
