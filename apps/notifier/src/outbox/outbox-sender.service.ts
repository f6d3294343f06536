import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { HEADERS, HUB_CODEC, HubCodec, TOPICS } from '@hub/contracts';
import { backoffDelay, HubProducer, RetryPolicy } from '@hub/kafka';
import { MailOutboxEntry, MailOutboxRepository } from '@hub/persistence';
import { deterministicUuid } from '@hub/privacy';
import { PeriodicTask } from '@hub/service';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';

import { DigestComposer } from '../digest/digest-composer.service';
import type { NotifierConfig } from '../notifier.config';
import { EVENTS_PER_PASS, SETTLE_SENT_RETRY, SMTP_RETRY_INITIAL_MS } from '../notifier.constants';
import { outboxCounters } from './outbox-metrics';

/** The settings the sender reads (NotifierConfig has them all; a test passes just these). */
export type OutboxSenderConfig = Pick<
  NotifierConfig,
  | 'HUB_SMTP_URL'
  | 'NOTIFIER_FROM'
  | 'NOTIFIER_POLL_MS'
  | 'NOTIFIER_SEND_BATCH'
  | 'NOTIFIER_SMTP_RETRY_MAX_MS'
  | 'NOTIFIER_SENDING_TIMEOUT_MS'
  | 'NOTIFIER_INSTANCE_ID'
>;

/**
 * Sends what the outbox holds. Each tick first composes the daily digests that are due (they become
 * ordinary outbox mails), then claims due mails and marks them `sending` (when, by which instance) in
 * one committed statement (SKIP LOCKED, so instances share the work and never claim the same mail),
 * sends each with no database transaction open, and settles it `sent` after the SMTP server took it;
 * then publishes NotificationSent events for sent mails.
 *
 * What a crash can do: before SMTP, the mail is sent later; a database that goes away after SMTP
 * took a mail only delays settling it (retried until the sending timeout). The one window left - the
 * server took the mail and the process died (or the database stayed away or refused) before it was
 * settled - leaves the mail `sending`: once that mark is older than NOTIFIER_SENDING_TIMEOUT_MS, a
 * sender sends it again, counts it (`resends`, hub_notifier_mails_resent_total) and logs it. Its
 * Message-ID is the deterministic mail id, so the receiving side sees the same message twice.
 */
@Injectable()
export class OutboxSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OutboxSender.name);
  private readonly transport: Transporter;
  /** SMTP retries: the mail waits in the outbox, retried with backoff until the server takes it. */
  private readonly smtpRetry: RetryPolicy;
  private readonly counters = outboxCounters();
  private readonly loop: PeriodicTask;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: HubProducer,
    private readonly digests: DigestComposer,
    @Inject(HUB_CODEC) private readonly codec: HubCodec,
    @Inject(APP_CONFIG) private readonly config: OutboxSenderConfig,
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
    this.loop = new PeriodicTask({ name: 'outbox', everyMs: config.NOTIFIER_POLL_MS, log: this.log }, () =>
      this.runOnce(),
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.loop.stop();
    this.transport.close();
  }

  /** One pass: compose due digests, send due mails, publish the events of sent ones. */
  async runOnce(): Promise<void> {
    await this.digests.composeDue(new Date());
    const db = this.dataSource.manager;
    const claimed = await MailOutboxRepository.claimForSending(
      db,
      this.config.NOTIFIER_SEND_BATCH,
      this.config.NOTIFIER_INSTANCE_ID,
      this.config.NOTIFIER_SENDING_TIMEOUT_MS,
    );
    for (const mail of claimed) {
      const claimedAt = Date.now();
      if (mail.interrupted) {
        this.counters.resent.inc();
        this.log.warn({
          msg: 'mail found still being sent after the sending timeout: its sender was interrupted after handing it to SMTP or before; sending it again (same Message-ID)',
          mailId: mail.mailId,
          resends: mail.resends,
          sendingTimeoutMs: this.config.NOTIFIER_SENDING_TIMEOUT_MS,
        });
      }
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
        // With the database away too, the mail stays `sending` and the timeout brings it back.
        await MailOutboxRepository.settleNotSent(db, mail.mailId, (error as Error).message, retryInMs).catch(
          () => undefined,
        );
        continue;
      }
      if (!(await this.settleSent(mail.mailId, claimedAt))) continue;
      this.log.log({
        msg: 'mail sent',
        mailId: mail.mailId,
        mailbox: mail.mailbox,
        attempts: mail.attempts + 1,
        resends: mail.resends,
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
   * Settles a mail the SMTP server took as `sent`. A database that is away or refuses is retried
   * (the mail must not be sent again) until the sending timeout has passed since the claim: from
   * then on another sender may take the mail over, so this one gives up, counts it and says so; the
   * mail is sent again, counted, once its mark is older than the timeout. True when settled.
   */
  private async settleSent(mailId: string, claimedAt: number): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await MailOutboxRepository.settleSent(this.dataSource.manager, mailId);
        return true;
      } catch (error) {
        const delay = backoffDelay(SETTLE_SENT_RETRY, attempt);
        const givingUp =
          this.stopped || Date.now() + delay - claimedAt >= this.config.NOTIFIER_SENDING_TIMEOUT_MS;
        if (givingUp) {
          this.counters.settleFailures.inc();
          this.log.error({
            msg: 'mail sent but not recorded as sent; it will be sent again once its sending mark is older than the sending timeout',
            mailId,
            sendingTimeoutMs: this.config.NOTIFIER_SENDING_TIMEOUT_MS,
            error: (error as Error).message,
          });
          return false;
        }
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
