import { Controller, Inject } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import type { DeadlineDue, DeadlineOverdue } from '@hub/contracts';
import { ChunkEntry, eachEntry, HandlerResult, HandlesChunk } from '@hub/kafka';
import { classifyDatabaseError, MailOutboxRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';

import { NOTIFICATION_DIRECTORY } from '../notifier.tokens';
import type { NotifierConfig } from '../notifier.config';
import { DeadlineEvent, isTimely, planDeadlineReminder } from './deadline-reminders';
import type { NotificationDirectory } from './notification-directory';

/**
 * Turns the monitor's deadline events into recorded mails to the responsible mailbox (issue 7: due
 * and overdue events "which the notifier mails to the responsible mailbox"); the outbox sender sends
 * them like any other mail.
 */
@Controller()
export class DeadlineRemindersController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFICATION_DIRECTORY) private readonly directory: NotificationDirectory,
    @Inject(APP_CONFIG) private readonly config: NotifierConfig,
  ) {}

  /** Due and overdue events, as they come (one run may hold both kinds). */
  @HandlesChunk(['events.DeadlineDue', 'events.DeadlineOverdue'])
  deadlines(entries: readonly ChunkEntry<DeadlineDue | DeadlineOverdue>[]): Promise<HandlerResult[]> {
    return eachEntry(entries, (entry) =>
      this.record(
        entry.pattern === 'events.DeadlineDue'
          ? { kind: 'events.DeadlineDue', value: entry.data as DeadlineDue }
          : { kind: 'events.DeadlineOverdue', value: entry.data as DeadlineOverdue },
      ),
    );
  }

  private async record(event: DeadlineEvent): Promise<HandlerResult> {
    if (!isTimely(event, new Date(), this.config.NOTIFIER_OVERDUE_NOTICE_DAYS)) {
      return { outcome: 'too-late-to-mail', records: [] };
    }
    const mails = planDeadlineReminder(event, this.directory);
    try {
      const recorded = await MailOutboxRepository.record(
        this.dataSource.manager,
        mails.map((mail) => ({
          mailId: mail.mailId,
          mailbox: mail.mailbox,
          subject: mail.subject,
          bodyText: mail.text,
          bodyHtml: mail.html,
          messageIds: mail.messageIds,
        })),
      );
      const outcome = mails.length === 0 ? 'no-mailbox' : recorded === 0 ? 'already-recorded' : 'recorded';
      return { outcome, records: [] };
    } catch (error) {
      throw classifyDatabaseError(error, `recording the reminder for ${event.value.deadlineId}`);
    }
  }
}
