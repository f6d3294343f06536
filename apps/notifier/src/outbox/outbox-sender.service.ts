import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { deterministicUuid } from '@hub/common';
import { APP_CONFIG } from '@hub/config';
import { HEADERS, HUB_CODEC, HubCodec, TOPICS } from '@hub/contracts';
import { backoffDelay, HubProducer, RetryPolicy } from '@hub/kafka';
import { MailOutboxEntry, MailOutboxRepository, SendingMail } from '@hub/persistence';
import { PeriodicTask } from '@hub/service';
import { createTransport, Transporter } from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import { DataSource } from 'typeorm';

import { DigestComposer } from '../digest/digest-composer.service';
import type { NotifierConfig } from '../notifier.config';
import {
  EVENTS_PER_PASS,
  SETTLE_SENT_RETRY,
  SMTP_RETRY_INITIAL_MS,
  SMTP_TIMEOUTS,
} from '../notifier.constants';
import { outboxCounters } from './outbox-metrics';
import { classifySmtpFailure } from './smtp-failure';

/** The settings the sender reads (NotifierConfig has them all; a test passes just these). */
export type OutboxSenderConfig = Pick<
  NotifierConfig,
  | 'HUB_SMTP_URL'
  | 'NOTIFIER_FROM'
  | 'NOTIFIER_POLL_MS'
  | 'NOTIFIER_SEND_BATCH'
  | 'NOTIFIER_SMTP_CONNECTIONS'
  | 'NOTIFIER_SMTP_MAX_MESSAGES'
  | 'NOTIFIER_SMTP_RETRY_MAX_MS'
  | 'NOTIFIER_SENDING_TIMEOUT_MS'
  | 'NOTIFIER_INSTANCE_ID'
>;

/** What one pass did, and whether another should follow at once. */
export interface OutboxPass {
  claimed: number;
  sent: number;
  /**
   * Due mails are likely left: a full batch was claimed and nothing stopped the pass, mails were
   * given back at half their lease, or a full page of events was published.
   */
  moreWork: boolean;
}

/** Why a pass stopped handing its claimed mails to SMTP, and when the rest are due again. */
interface PassHalt {
  why: 'smtp-unavailable' | 'database' | 'lease' | 'shutdown';
  retryInMs: number;
}

type SendOutcome = 'sent' | 'not-sent' | PassHalt;

/**
 * Sends what the outbox holds. Each pass first composes the daily digests that are due (they become
 * ordinary outbox mails), then claims a batch of due mails and marks them `sending` (when, by which
 * instance) in one committed statement (SKIP LOCKED, so instances share the work and never claim the
 * same mail), sends them over a pool of SMTP connections, one mail per connection at a time, with no
 * database transaction open, and settles each on its own: `sent` after the SMTP server took it,
 * `pending` with backoff when the server deferred it, `failed` with the reason when it refused it for
 * good. Then it publishes NotificationSent events for sent mails. Passes follow each other at once
 * while there is work; NOTIFIER_POLL_MS apart when the outbox is empty or the server is away.
 *
 * What a crash can do: before SMTP, the mail is sent later; a database that goes away after SMTP
 * took a mail only delays settling it (retried until the sending timeout). The one window left - the
 * server took the mail and the process died (or the database stayed away or refused) before it was
 * settled - leaves the mail `sending`: once that mark is older than NOTIFIER_SENDING_TIMEOUT_MS, a
 * sender sends it again, counts it (`resends`, hub_notifier_mails_resent_total) and logs it. Its
 * Message-ID is the deterministic mail id, so the receiving side sees the same message twice.
 * A claimed mail is handed to SMTP only within the first half of that timeout (the rest is given
 * back), so a large batch on a slow server never outlives its lease.
 */
@Injectable()
export class OutboxSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OutboxSender.name);
  private readonly transport: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;
  /** SMTP retries: the mail waits in the outbox, retried with backoff until the server takes it. */
  private readonly smtpRetry: RetryPolicy;
  private readonly counters = outboxCounters();
  /** Passes follow each other at once while there is work, NOTIFIER_POLL_MS apart when there is none. */
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
    // The URL keeps carrying host, port, TLS (smtps://) and credentials. A connection that drops
    // mid-mail fails that mail back to the outbox (maxRequeues 0) instead of nodemailer resending
    // it on its own: the outbox decides when a mail goes again, within its lease.
    // (maxRequeues is nodemailer's, missing from its type definitions.)
    const pool: SMTPPool.Options & { url: string; maxRequeues: number } = {
      url: config.HUB_SMTP_URL,
      pool: true,
      maxConnections: config.NOTIFIER_SMTP_CONNECTIONS,
      maxMessages: config.NOTIFIER_SMTP_MAX_MESSAGES,
      maxRequeues: 0,
      ...SMTP_TIMEOUTS,
    };
    this.transport = createTransport(new SMTPPool(pool));
    this.loop = new PeriodicTask(
      {
        name: 'outbox',
        everyMs: config.NOTIFIER_POLL_MS,
        firstRunAfterMs: 0,
        keepGoingWhileWorking: true,
        log: this.log,
      },
      async () => (await this.runOnce()).moreWork,
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

  /** One pass: compose due digests, send a batch of due mails, publish the events of sent ones. */
  async runOnce(): Promise<OutboxPass> {
    await this.digests.composeDue(new Date());
    // Taken before the claim: the lease is reckoned from no later than the database's mark.
    const claimedAt = Date.now();
    const claimed = await MailOutboxRepository.claimForSending(
      this.dataSource.manager,
      this.config.NOTIFIER_SEND_BATCH,
      this.config.NOTIFIER_INSTANCE_ID,
      this.config.NOTIFIER_SENDING_TIMEOUT_MS,
    );
    const { sent, halt } = await this.sendClaimed(claimed, claimedAt);
    const published = await this.publishSentEvents();
    const fullBatch = claimed.length === this.config.NOTIFIER_SEND_BATCH;
    return {
      claimed: claimed.length,
      sent,
      // Mails given back at half their lease are due at once, like those a full batch left behind.
      moreWork:
        !this.stopped && (halt?.why === 'lease' || (fullBatch && !halt) || published === EVENTS_PER_PASS),
    };
  }

  /**
   * Hands the claimed mails to SMTP, NOTIFIER_SMTP_CONNECTIONS at a time, each settled on its own.
   * Stops starting new ones when the server is away (every mail would fail alike), when the
   * database cannot settle a sent mail (every further mail sent would be at risk of going twice),
   * at shutdown, or once half the lease is gone; the mails not started are given back.
   */
  private async sendClaimed(
    claimed: readonly SendingMail[],
    claimedAt: number,
  ): Promise<{ sent: number; halt: PassHalt | undefined }> {
    const waiting = [...claimed];
    const startBy = claimedAt + this.config.NOTIFIER_SENDING_TIMEOUT_MS / 2;
    const pass: { sent: number; halt?: PassHalt } = { sent: 0 };
    const stop = (why: PassHalt): void => {
      pass.halt ??= why;
    };
    const connection = async (): Promise<void> => {
      for (;;) {
        if (this.stopped) stop({ why: 'shutdown', retryInMs: 0 });
        else if (Date.now() > startBy) stop({ why: 'lease', retryInMs: 0 });
        if (pass.halt) return;
        const mail = waiting.shift();
        if (!mail) return;
        const outcome = await this.sendOne(mail, claimedAt, stop);
        if (outcome === 'sent') pass.sent += 1;
        else if (outcome !== 'not-sent') stop(outcome);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.config.NOTIFIER_SMTP_CONNECTIONS, claimed.length) }, connection),
    );
    const { halt, sent } = pass;
    if (waiting.length > 0 && halt) {
      this.log.warn({
        msg: 'outbox pass stopped; the mails it had not started wait in the outbox',
        why: halt.why,
        mails: waiting.length,
        retryInMs: halt.retryInMs,
      });
      // With the database away too, they stay `sending` and the sending timeout brings them back.
      await MailOutboxRepository.release(
        this.dataSource.manager,
        waiting.map((mail) => mail.mailId),
        this.config.NOTIFIER_INSTANCE_ID,
        halt.retryInMs,
      ).catch(() => undefined);
    }
    return { sent, halt };
  }

  /** Sends one claimed mail and settles it: sent, deferred (pending again) or refused (failed). */
  private async sendOne(
    mail: SendingMail,
    claimedAt: number,
    stop: (why: PassHalt) => void,
  ): Promise<SendOutcome> {
    const db = this.dataSource.manager;
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
      const failure = classifySmtpFailure(error);
      if (failure.kind === 'refused') {
        this.counters.refused.inc();
        this.log.error({
          msg: 'the SMTP server refused the mail for good; it is set aside as failed with the reason, not retried',
          mailId: mail.mailId,
          reason: failure.reason,
        });
        // With the database away, it stays `sending`; after the timeout it is tried (and refused) again.
        await MailOutboxRepository.settleRefused(db, mail.mailId, failure.reason).catch(() => undefined);
        return 'not-sent';
      }
      const retryInMs = backoffDelay(this.smtpRetry, mail.attempts + 1);
      this.log.warn({
        msg:
          failure.kind === 'deferred'
            ? 'the SMTP server deferred the mail; it waits in the outbox'
            : 'mail not sent: the SMTP server or the connection to it failed; it waits in the outbox',
        mailId: mail.mailId,
        retryInMs,
        error: failure.reason,
      });
      // With the database away too, the mail stays `sending` and the timeout brings it back.
      await MailOutboxRepository.settleNotSent(db, mail.mailId, failure.reason, retryInMs).catch(
        () => undefined,
      );
      return failure.kind === 'deferred' ? 'not-sent' : { why: 'smtp-unavailable', retryInMs };
    }
    const settled = await this.settleSent(mail.mailId, claimedAt, () =>
      stop({ why: 'database', retryInMs: 0 }),
    );
    if (!settled) return 'not-sent';
    this.log.log({
      msg: 'mail sent',
      mailId: mail.mailId,
      mailbox: mail.mailbox,
      attempts: mail.attempts + 1,
      resends: mail.resends,
      mailKind: mail.mailKind,
    });
    return 'sent';
  }

  /** Publishes NotificationSent for up to EVENTS_PER_PASS sent mails; returns how many. */
  private async publishSentEvents(): Promise<number> {
    return this.dataSource.transaction(async (db) => {
      const sent = await MailOutboxRepository.claimUnpublished(db, EVENTS_PER_PASS);
      if (sent.length === 0) return 0;
      await this.producer.send(sent.map((mail) => this.notificationSent(mail)));
      await MailOutboxRepository.markPublished(
        db,
        sent.map((mail) => mail.mailId),
      );
      return sent.length;
    });
  }

  /**
   * Settles a mail the SMTP server took as `sent`. A database that is away or refuses is retried
   * (the mail must not be sent again) until the sending timeout has passed since the claim: from
   * then on another sender may take the mail over, so this one gives up, counts it and says so; the
   * mail is sent again, counted, once its mark is older than the timeout. `onTrouble` is told at the
   * first failure, so the pass starts no further mail meanwhile. True when settled.
   */
  private async settleSent(mailId: string, claimedAt: number, onTrouble: () => void): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await MailOutboxRepository.settleSent(this.dataSource.manager, mailId);
        return true;
      } catch (error) {
        onTrouble();
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
