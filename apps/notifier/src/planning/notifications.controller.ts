import { Controller, Inject } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import type { ExchangeRouted } from '@hub/contracts';
import { ChunkEntry, eachEntry, HandlerResult, HandlesChunk } from '@hub/kafka';
import { classifyDatabaseError, MailOutboxRepository, NewMail } from '@hub/persistence';
import { DataSource } from 'typeorm';

import { digestDateFor, parseLocalTime } from '../digest/digest-schedule';
import type { NotifierConfig } from '../notifier.config';
import { NOTIFICATION_DIRECTORY } from '../notifier.tokens';
import type { NotificationDirectory } from './notification-directory';
import { planNotifications } from './notification-planner';

/** Pattern for hub events the notifier has nothing to do with. */
export const IGNORED_EVENT = 'ignored';

/**
 * Turns routed exchanges into recorded mails (the outbox sender sends them): a mail of its own, or an
 * item held for the mailbox's next daily digest.
 */
@Controller()
export class NotificationsController {
  private readonly digestAt: number;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFICATION_DIRECTORY) private readonly directory: NotificationDirectory,
    @Inject(APP_CONFIG) config: NotifierConfig,
  ) {
    this.digestAt = parseLocalTime(config.NOTIFIER_DIGEST_TIME);
  }

  @HandlesChunk('events.ExchangeRouted')
  routedChunk(entries: readonly ChunkEntry<ExchangeRouted>[]): Promise<HandlerResult[]> {
    return eachEntry(entries, (entry) => this.routed(entry.data));
  }

  private async routed(event: ExchangeRouted): Promise<HandlerResult> {
    const mails = planNotifications(event, this.directory);
    // The digest an item joins is the next one after the notifier records it (not the exchange
    // date, which may lie in the past): a redelivery of the event records nothing new anyway.
    const digestDate = digestDateFor(new Date(), this.digestAt);
    try {
      const recorded = await MailOutboxRepository.record(
        this.dataSource.manager,
        mails.map(
          (mail): NewMail => ({
            mailId: mail.mailId,
            mailbox: mail.mailbox,
            subject: mail.subject,
            bodyText: mail.text,
            bodyHtml: mail.html,
            messageIds: mail.messageIds,
            ...(mail.delivery === 'digest'
              ? { mailKind: 'digest-item', digestDate, digestItem: mail.digestItem }
              : { mailKind: 'single' }),
          }),
        ),
      );
      const outcome =
        mails.length === 0
          ? 'no-mailbox'
          : recorded === 0
            ? 'already-recorded'
            : mails.every((mail) => mail.delivery === 'digest')
              ? 'held-for-digest'
              : 'recorded';
      return { outcome, records: [] };
    } catch (error) {
      throw classifyDatabaseError(error, `recording mails for ${event.messageId}`);
    }
  }

  @HandlesChunk(IGNORED_EVENT)
  ignored(entries: readonly ChunkEntry[]): HandlerResult[] {
    return entries.map(() => ({ outcome: 'ignored', records: [] }));
  }
}
