import { Inject, Injectable, Logger } from '@nestjs/common';
import { deterministicUuid } from '@hub/common';
import { APP_CONFIG } from '@hub/config';
import { DigestItem, MailOutboxRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';

import type { NotifierConfig } from '../notifier.config';
import { renderDigest } from '../templates/digest-template';
import { dueDigestDate, parseLocalTime } from './digest-schedule';

/** The digest mail id: one per mailbox and Danish date, whoever composes it and however often. */
export function digestMailId(mailbox: string, date: string): string {
  return deterministicUuid('digest', mailbox, date);
}

/**
 * Composes the daily digests that are due: per mailbox, in one transaction under a per-mailbox
 * advisory lock, the held items up to the due date become one digest mail in the outbox (pending,
 * sent like any mail) and are marked as part of it. The digest id comes from mailbox and date, so a
 * second composer (another instance, a retry after a crash) records nothing twice; an item that
 * arrives after its digest was composed stays held for the next one. Exactly one digest per mailbox
 * and day, and every item in exactly one digest.
 */
@Injectable()
export class DigestComposer {
  private readonly log = new Logger(DigestComposer.name);
  private readonly sendAt: number;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: NotifierConfig,
  ) {
    this.sendAt = parseLocalTime(config.NOTIFIER_DIGEST_TIME);
  }

  /** Composes every digest due at `now`; returns how many were recorded. */
  async composeDue(now: Date = new Date()): Promise<number> {
    const upTo = dueDigestDate(now, this.sendAt);
    const mailboxes = await MailOutboxRepository.mailboxesWithDueDigest(this.dataSource.manager, upTo);
    let composed = 0;
    for (const mailbox of mailboxes) {
      if (await this.composeOne(mailbox, upTo)) composed += 1;
    }
    return composed;
  }

  private composeOne(mailbox: string, date: string): Promise<boolean> {
    return this.dataSource.transaction(async (db) => {
      await MailOutboxRepository.lockMailboxForDigest(db, mailbox);
      const held = await MailOutboxRepository.heldItems(db, mailbox, date);
      const items = held.filter((row): row is typeof row & { digestItem: DigestItem } => !!row.digestItem);
      if (items.length === 0) return false;
      const content = renderDigest({
        date,
        receiverName: items[0].digestItem.receiverName,
        items: items.map((i) => i.digestItem),
      });
      const mailId = digestMailId(mailbox, date);
      const recorded = await MailOutboxRepository.recordDigest(
        db,
        {
          mailId,
          mailbox,
          digestDate: date,
          subject: content.subject,
          bodyText: content.text,
          bodyHtml: content.html,
          messageIds: items.flatMap((item) => item.messageIds),
        },
        items.map((item) => item.mailId),
      );
      this.log.log({
        msg: recorded ? 'digest recorded' : 'digest already recorded; items wait for the next one',
        mailId,
        mailbox,
        date,
        items: items.length,
      });
      return recorded;
    });
  }
}
