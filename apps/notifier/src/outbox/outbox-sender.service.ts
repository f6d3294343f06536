import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { HEADERS, HubCodec, TOPICS } from '@hub/contracts';
import { backoffDelay, HubProducer, RetryPolicy } from '@hub/kafka';
import { MailOutboxEntry, MailOutboxRepository } from '@hub/persistence';
import { deterministicUuid } from '@hub/privacy';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';

import { DigestComposer } from '../digest/digest-composer.service';
import type { NotifierConfig } from '../notifier.config';
import {
  EVENTS_PER_PASS,
  RECORD_SENT_RETRY,
  SEND_LEASE_MS,
  SMTP_RETRY_INITIAL_MS,
} from '../notifier.constants';
import { NOTIFIER_CODEC } from '../notifier.tokens';

/**
 * Sends what the outbox holds. Each tick first composes the daily digests that are due (they become
 * ordinary outbox mails), then leases due mails (SKIP LOCKED, so instances share the work), sends
 * each with no database transaction open and records it as sent; then publishes NotificationSent
 * events for sent mails. A mail is recorded before it is sent, so an SMTP outage or a crash only
 * delays it; a database that goes away after SMTP took a mail only delays recording it (retried
 * until the database is back), so it is not sent again. The one window left - the server accepted
 * the mail and the process died before recording it - sends that mail again when its lease ends
 * (SEND_LEASE_MS); its Message-ID is the deterministic mail id, so the receiving side sees the same
 * message.
 */
@Injectable()
export class OutboxSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OutboxSender.name);
  private readonly transport: Transporter;
  /** SMTP retries: the mail waits in the outbox, retried with backoff until the server takes it. */
  private readonly smtpRetry: RetryPolicy;
  private timer: NodeJS.Timeout | undefined;
  private tick: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: HubProducer,
    private readonly digests: DigestComposer,
    @Inject(NOTIFIER_CODEC) private readonly codec: HubCodec,
    @Inject(APP_CONFIG) private readonly config: NotifierConfig,
  ) {
    this.smtpRetry = {
      initialMs: Math.min(SMTP_RETRY_INITIAL_MS, config.NOTIFIER_SMTP_RETRY_MAX_MS),
      maxMs: config.NOTIFIER_SMTP_RETRY_MAX_MS,
      stallAfterMs: Infinity,
    };
    this.transport = createTransport(config.HUB_SMTP_URL, {
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 10_000,
    });
  }

  onApplicationBootstrap(): void {
    const schedule = (): void => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        this.tick = this.runOnce().catch((error: unknown) => {
          this.log.error({ msg: 'outbox tick failed; retrying next tick', error: (error as Error).message });
        });
        void this.tick.finally(schedule);
      }, this.config.NOTIFIER_POLL_MS);
    };
    schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.tick;
    this.transport.close();
  }

  /** One pass: compose due digests, send due mails, publish the events of sent ones. */
  async runOnce(): Promise<void> {
    await this.digests.composeDue(new Date());
    const db = this.dataSource.manager;
    const due = await MailOutboxRepository.leaseDue(db, this.config.NOTIFIER_SEND_BATCH, SEND_LEASE_MS);
    for (const mail of due) {
      try {
        await this.transport.sendMail({
          from: this.config.NOTIFIER_FROM,
          to: mail.mailbox,
          subject: mail.subject,
          text: mail.bodyText,
          html: mail.bodyHtml,
          messageId: `<${mail.mailId}@hub.invalid>`,
        });
      } catch (error) {
        const retryInMs = backoffDelay(this.smtpRetry, mail.attempts + 1);
        this.log.warn({
          msg: 'mail not sent; it waits in the outbox',
          mailId: mail.mailId,
          retryInMs,
          error: (error as Error).message,
        });
        // With the database away too, the lease brings the mail back instead.
        await MailOutboxRepository.markFailed(db, mail.mailId, (error as Error).message, retryInMs).catch(
          () => undefined,
        );
        continue;
      }
      await this.recordSent(mail.mailId);
      this.log.log({
        msg: 'mail sent',
        mailId: mail.mailId,
        mailbox: mail.mailbox,
        attempts: mail.attempts + 1,
        mailKind: mail.mailKind,
      });
    }
    await this.dataSource.transaction(async (db) => {
      const sent = await MailOutboxRepository.claimUnpublished(db, EVENTS_PER_PASS);
      if (sent.length === 0) return;
      await this.producer.send(sent.map((mail) => this.notificationSent(mail)));
      await MailOutboxRepository.markPublished(
        db,
        sent.map((mail) => mail.mailId),
      );
    });
  }

  /**
   * Records a mail the SMTP server took. A database that is away is waited for (the mail must not
   * be sent again); only a shutdown gives up, leaving the mail to its lease.
   */
  private async recordSent(mailId: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await MailOutboxRepository.markSent(this.dataSource.manager, mailId);
        return;
      } catch (error) {
        if (this.stopped) throw error;
        const delay = backoffDelay(RECORD_SENT_RETRY, attempt);
        this.log.warn({
          msg: 'mail sent but not yet recorded; retrying',
          mailId,
          delayMs: delay,
          error: (error as Error).message,
        });
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private notificationSent(mail: MailOutboxEntry) {
    return {
      topic: TOPICS.events,
      key: mail.messageIds[0] ?? mail.mailId,
      value: this.codec.encode('events.NotificationSent', {
        eventId: deterministicUuid('NotificationSent', mail.mailId),
        mailId: mail.mailId,
        messageIds: mail.messageIds,
        mailbox: mail.mailbox,
        sentAt: (mail.sentAt ?? new Date()).toISOString(),
      }),
      headers: { [HEADERS.kind]: 'events.NotificationSent' },
    };
  }
}
