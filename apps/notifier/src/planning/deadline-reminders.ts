import { deterministicUuid } from '@hub/common';
import type { DeadlineDue, DeadlineOverdue } from '@hub/contracts';

import { renderDeadlineMail } from '../templates/deadline-template';
import { kindTextOf } from '../templates/kind-texts';
import type { MailContent } from '../templates/mail-template';
import type { NotificationDirectory } from './notification-directory';
import { referenceOf } from './notification-planner';

/** A deadline event as the monitor's deadline watch raises it on the events topic. */
export type DeadlineEvent =
  | { kind: 'events.DeadlineDue'; value: DeadlineDue }
  | { kind: 'events.DeadlineOverdue'; value: DeadlineOverdue };

export interface PlannedReminder extends MailContent {
  /** From the event id, itself derived from the deadline: a redelivered event records nothing new. */
  mailId: string;
  mailbox: string;
  /** The message that started the clock. */
  messageIds: string[];
}

const DANISH_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' });

/**
 * The Danish date a deadline event's `dueAt` closes: it is the end of the due day (midnight at the
 * start of the next day in Copenhagen), so the due day is the day of the instant just before it.
 */
export function dueDateOf(dueAt: string): string {
  return DANISH_DATE.format(new Date(Date.parse(dueAt) - 1));
}

/** "afgørelse på indstilling om tidligt tilbud", or "bevilling … eller afslag …" when either meets it. */
function awaitedText(kinds: readonly string[]): string {
  const texts = [...new Set(kinds.map((kind) => kindTextOf(kind)?.what ?? kind))];
  if (texts.length === 0) return 'det, aftalen kræver';
  return texts.length === 1 ? texts[0] : `${texts.slice(0, -1).join(', ')} eller ${texts[texts.length - 1]}`;
}

/**
 * Whether a deadline event still deserves a mail at `now`: a reminder only before its deadline, an
 * overdue notice only within `overdueNoticeDays` of it. Replaying old events, or a monitor catching
 * up on a year of history, must not flood caseworkers with notices about long-gone deadlines.
 */
export function isTimely(event: DeadlineEvent, now: Date, overdueNoticeDays: number): boolean {
  const dueAt = Date.parse(event.value.dueAt);
  return event.kind === 'events.DeadlineDue'
    ? now.getTime() < dueAt
    : now.getTime() - dueAt <= overdueNoticeDays * 86_400_000;
}

/**
 * The mail a deadline event calls for: one to the responsible party's functional mailbox, sent at
 * once whatever the agreement's digest policy (a reminder in tomorrow's digest would come too late).
 * No mailbox, no mail. Pure: the same event and directory give the same mail.
 */
export function planDeadlineReminder(
  event: DeadlineEvent,
  directory: NotificationDirectory,
): PlannedReminder[] {
  const deadline = event.value;
  const mailbox = directory.mailboxOf(deadline.responsible);
  if (!mailbox) return [];
  const target = deadline.agreementId
    ? directory.deadlineTarget(deadline.agreementId, deadline.ruleCode)
    : undefined;
  const awaitedKinds = target?.expects ?? (deadline.awaitedKind ? [deadline.awaitedKind] : []);
  const trigger = kindTextOf(deadline.triggerKind)?.what ?? deadline.triggerKind;
  const content = renderDeadlineMail({
    state: event.kind === 'events.DeadlineDue' ? 'due' : 'overdue',
    dueOn: dueDateOf(deadline.dueAt),
    responsibleName: directory.nameOf(deadline.responsible),
    awaited: awaitedText(awaitedKinds),
    trigger,
    conditional: target?.conditional ?? false,
    reference: referenceOf(deadline.triggerMessageId),
    messageId: deadline.triggerMessageId,
    agreementTitle: deadline.agreementId ? directory.agreementTitle(deadline.agreementId) : undefined,
    clauseRef: deadline.clauseRef,
  });
  return [
    {
      ...content,
      mailId: deterministicUuid('mail', deadline.eventId),
      mailbox,
      messageIds: [deadline.triggerMessageId],
    },
  ];
}
