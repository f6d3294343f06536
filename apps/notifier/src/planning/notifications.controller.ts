import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { ExchangeRouted } from '@hub/contracts';
import type { HandlerResult } from '@hub/kafka';
import { classifyDatabaseError, MailOutboxRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';

import { NOTIFICATION_DIRECTORY } from '../notifier.tokens';
import type { NotificationDirectory } from './notification-directory';
import { planNotifications } from './notification-planner';

/** Pattern for hub events the notifier has nothing to do with. */
export const IGNORED_EVENT = 'ignored';

/** Turns routed exchanges into recorded mails (the outbox sender sends them). */
@Controller()
export class NotificationsController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFICATION_DIRECTORY) private readonly directory: NotificationDirectory,
  ) {}

  @EventPattern('events.ExchangeRouted')
  async routed(@Payload() event: ExchangeRouted): Promise<HandlerResult> {
    const mails = planNotifications(event, this.directory);
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
      return {
        outcome: mails.length === 0 ? 'no-mailbox' : recorded > 0 ? 'recorded' : 'already-recorded',
        records: [],
      };
    } catch (error) {
      throw classifyDatabaseError(error, `recording mails for ${event.messageId}`);
    }
  }

  @EventPattern(IGNORED_EVENT)
  ignored(): HandlerResult {
    return { outcome: 'ignored', records: [] };
  }
}
