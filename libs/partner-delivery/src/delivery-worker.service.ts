import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { isTransient } from '@hub/common';
import type { HubCodec } from '@hub/contracts';
import { backoffDelay, HubProducer } from '@hub/kafka';
import { DataSource } from 'typeorm';

import { CircuitBreaker, CircuitOptions } from './circuit-breaker';
import {
  HEADS_PER_POLL,
  MIN_ATTEMPT_SPACING_MS,
  PUBLISH_BATCH,
  PURGE_EVERY_MS,
  SETTLED_RETENTION_DAYS,
} from './delivery.constants';
import {
  DELIVERY_SETTINGS,
  HUB_CODEC,
  PARTNER_CLIENT,
  PARTNER_DIRECTORY,
  PARTNER_LOCKS,
  QUEUE_CIPHER,
} from './delivery.tokens';
import { parkedDocuments } from './delivery-metrics';
import { outcomeRecords } from './delivery-outcomes';
import { PartnerClient } from './partner-client';
import { PartnerDirectory } from './partner-directory';
import { parkingReason } from './parking-policy';
import { PartnerLocks } from './partner-locks';
import { QueueCipher, QueueKeyError, SealedField } from './queue-cipher';
import { metricLabel } from '@hub/observability';
import { PeriodicTask } from '@hub/service';
import { classifyDatabaseError, DeliveryQueueEntry, DeliveryQueueRepository } from '@hub/persistence';
import { DeliveryBackoff, retryDelay } from './retry-backoff';

/** Waiting for the database to record a partner's answer: soon at first, then every 5 s at most. */
const RECORD_ANSWER_RETRY = { initialMs: 200, maxMs: 5_000, stallAfterMs: Infinity };

export interface DeliverySettings {
  /** The adapter's receiver kind: its worker delivers (and publishes, purges) that kind's rows only. */
  receiverKind: string;
  pollMs: number;
  retry: DeliveryBackoff;
  circuit: CircuitOptions;
  /** Partners this instance delivers to at the same time. */
  concurrency: number;
}

/**
 * Drains the delivery queue, partner by partner, so that one slow or dead partner never delays the
 * others, and each partner gets its documents in the order they were queued (so one citizen's
 * messages stay in order).
 *
 * Every poll it reads the head (oldest pending document) of each partner and starts a drain for each
 * partner whose head is due and whose circuit lets a request through, up to `concurrency` at once.
 * A drain takes the partner's lock (PartnerLocks: one instance per partner), then delivers the head,
 * the next, and so on, until the queue is empty or the partner fails: a transient failure (5xx, 408,
 * 429, timeout, no connection) leaves the document at the head with a full-jitter backoff and counts
 * against the partner's circuit breaker; nothing behind it is attempted meanwhile, until the
 * document reaches its partner's parking limit (parking-policy.ts): then it is parked (settled, dead
 * letter DELIVERY_PARKED) and the drain goes on with the next. A refusal (other 4xx) settles the
 * document as failed for good and the drain goes on with the next.
 *
 * Outcome events follow the outbox pattern: a settled row is marked in PostgreSQL first, and a
 * separate loop publishes the events of settled rows and then marks them published, so a crash
 * between the two only publishes again (same deterministic event ids), never loses an event.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(DeliveryWorker.name);
  private readonly draining = new Map<string, Promise<void>>();
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly deliverLoop: PeriodicTask;
  private readonly publishLoop: PeriodicTask;
  private stopped = false;
  private lastPurgeAt = 0;
  /** Whether this kind's rows queued before encryption have been sealed (done before any delivery). */
  private sealedAtStart = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: HubProducer,
    @Inject(HUB_CODEC) private readonly codec: HubCodec,
    @Inject(PARTNER_CLIENT) private readonly client: PartnerClient,
    @Inject(PARTNER_DIRECTORY) private readonly directory: PartnerDirectory,
    @Inject(PARTNER_LOCKS) private readonly locks: PartnerLocks,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
    @Inject(QUEUE_CIPHER) private readonly cipher: QueueCipher,
  ) {
    const every = { everyMs: settings.pollMs, log: this.log };
    this.deliverLoop = new PeriodicTask({ name: 'delivery', ...every }, () => this.startDueDrains());
    this.publishLoop = new PeriodicTask({ name: 'outcome publishing', ...every }, async () => {
      await this.publishSettled();
      await this.purgeSettled();
    });
  }

  onApplicationBootstrap(): void {
    this.deliverLoop.start();
    this.publishLoop.start();
  }

  /** A document was queued: look for due partners now rather than at the next poll. */
  wake(): void {
    this.deliverLoop.wake();
  }

  /** Stops taking work, lets each drain finish its request in flight, publishes what settled, unlocks. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.deliverLoop.stop();
    await Promise.allSettled(this.draining.values());
    await this.publishLoop.stop();
    await this.publishSettled().catch((error: unknown) =>
      this.log.warn({ msg: 'outcome events left for the next start', error: (error as Error).message }),
    );
    await this.locks.close();
  }

  /** One poll: start a drain for each partner whose head is due and whose circuit allows a request. */
  async startDueDrains(): Promise<void> {
    if (this.stopped) return;
    if (!this.sealedAtStart) {
      await this.sealRowsInClear();
      await this.reportUnopenableRows();
      this.sealedAtStart = true;
    }
    const heads = await DeliveryQueueRepository.pendingHeads(
      this.dataSource.manager,
      this.settings.receiverKind,
      HEADS_PER_POLL,
    );
    const now = Date.now();
    for (const head of heads) {
      if (this.draining.size >= this.settings.concurrency) break;
      if (this.draining.has(head.partner)) continue;
      if (head.nextAttemptAt.getTime() > now) continue;
      if (!this.breaker(head.partner).isAvailable(now)) continue;
      const drain = this.drain(head.partner)
        .catch((error: unknown) => {
          this.log.error({
            msg: 'delivery to a partner stopped on an error; it is picked up again at the next poll',
            partner: head.partner,
            error: (error as Error).message,
          });
        })
        .finally(() => this.draining.delete(head.partner));
      this.draining.set(head.partner, drain);
    }
  }

  /** Delivers one partner's due documents in order while it holds the partner's lock. */
  private async drain(partner: string): Promise<void> {
    const lease = await this.locks.tryAcquire(partner);
    if (!lease) return; // Another instance delivers to this partner now.
    let delivered = false;
    try {
      while (!this.stopped) {
        const row = await DeliveryQueueRepository.head(this.dataSource.manager, partner);
        if (!row || row.nextAttemptAt.getTime() > Date.now()) return;
        // Checked before each request: after a lost lock session another instance may own the partner.
        if (!(await this.locks.isHeld(lease))) return;
        const breaker = this.breaker(partner);
        if (!breaker.tryAcquire(Date.now())) return;
        let settled: boolean;
        try {
          settled = await this.attempt(row, breaker);
        } finally {
          breaker.release(); // A no-op once the attempt's outcome is recorded; frees a probe it never made.
        }
        if (!settled) return;
        delivered = true;
      }
    } finally {
      await this.locks.release(lease);
      if (delivered) this.publishLoop.wake();
    }
  }

  /**
   * Records what the partner answered about a document it has now seen. With the database away (a
   * restart), giving up would leave the row pending and send the partner the same document again
   * once the database is back: a second delivery, which the fault tests caught (`npm run faults`). So a transient database failure is waited out, as the
   * notifier waits to record a sent mail; only a shutdown gives up, leaving the document to be sent
   * again (same idempotency key) by the next start.
   */
  private async recordAnswer(
    context: Record<string, unknown>,
    record: () => Promise<unknown>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await record();
        return;
      } catch (error) {
        if (this.stopped || !isTransient(classifyDatabaseError(error, 'recording the answer'))) throw error;
        const delayMs = backoffDelay(RECORD_ANSWER_RETRY, attempt);
        this.log.warn({
          msg: 'partner answered but the database is away; recording it again',
          ...context,
          delayMs,
          error: (error as Error).message,
        });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  /** One request for the partner's head document; true when it settled (delivered or refused). */
  private async attempt(row: DeliveryQueueEntry, breaker: CircuitBreaker): Promise<boolean> {
    const db = this.dataSource.manager;
    const attempts = row.attempts + 1;
    const context = {
      partner: row.partner,
      deliveryId: row.deliveryId,
      messageId: row.messageId,
      correlationId: row.correlationId,
      attempts,
    };
    if (row.body === null) {
      // Cannot happen for a pending row (the body is cleared only once settled); never block the partner on it.
      breaker.recordSuccess();
      await DeliveryQueueRepository.markFailed(
        db,
        row.deliveryId,
        null,
        'the queued document has no content',
      );
      this.log.error({ msg: 'queued document without content; marked failed', ...context });
      return true;
    }
    let body: string;
    try {
      body = this.open(row, row.body, 'body').toString('utf8');
    } catch (error) {
      if (!(error instanceof QueueKeyError)) throw error;
      // Not the partner's doing, and not for good: the key comes back with the configuration. The
      // document keeps its place (and so do the ones behind it), and says why it waits.
      await DeliveryQueueRepository.markRetry(
        db,
        row.deliveryId,
        null,
        `cannot open the queued document: ${error.message}`,
        new Date(Date.now() + this.settings.retry.maxMs),
        false, // The hub's configuration, not the partner: this never parks the document.
      );
      this.log.error({ msg: 'queued document cannot be opened; it waits', ...context, error: error.message });
      return false;
    }
    const target = this.directory.targetFor({ kind: row.receiverKind, id: row.receiverId });
    const result = await this.client.deliver(target, row.deliveryId, body);
    switch (result.outcome) {
      case 'delivered':
        breaker.recordSuccess();
        await this.recordAnswer(context, () =>
          DeliveryQueueRepository.markDelivered(
            db,
            row.deliveryId,
            result.httpStatus,
            result.partnerReference,
          ),
        );
        this.log.log({ msg: 'delivered', ...context, documentType: row.documentType });
        return true;
      case 'refused':
        breaker.recordSuccess(); // The partner answered: it is up, it just will not take this document.
        await this.recordAnswer(context, () =>
          DeliveryQueueRepository.markFailed(db, row.deliveryId, result.httpStatus, result.reason),
        );
        this.log.warn({
          msg: 'partner refused the document for good',
          ...context,
          status: result.httpStatus,
          reason: result.reason,
        });
        return true;
      case 'unavailable': {
        breaker.recordFailure(Date.now());
        const parked = parkingReason(
          target.parking,
          {
            attempts,
            firstFailedAt: row.firstFailedAt,
            httpStatus: result.httpStatus,
            transportError: result.reason,
          },
          new Date(),
        );
        if (parked !== null) {
          // Settled like a refusal, so the partner's next document becomes the head; the breaker
          // (which counted this failure) decides whether the drain may go on with it now.
          await DeliveryQueueRepository.markParked(db, row.deliveryId, result.httpStatus, parked);
          parkedDocuments().inc({ partner: metricLabel(row.partner) });
          this.log.error({
            msg: "document parked: it kept failing until its partner's limit; the documents behind it go on",
            ...context,
            status: result.httpStatus,
            reason: parked,
          });
          return true;
        }
        const retryInMs = Math.max(MIN_ATTEMPT_SPACING_MS, retryDelay(this.settings.retry, attempts));
        await DeliveryQueueRepository.markRetry(
          db,
          row.deliveryId,
          result.httpStatus,
          result.reason,
          new Date(Date.now() + retryInMs),
        );
        this.log.warn({
          msg: 'partner unavailable; its documents wait',
          ...context,
          status: result.httpStatus,
          error: result.reason,
          retryInMs,
          circuit: breaker.state,
        });
        return false;
      }
    }
  }

  /** Publishes the outcome events of settled documents, then marks them published. Returns how many. */
  async publishSettled(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.dataSource.transaction(async (db) => {
        const rows = await DeliveryQueueRepository.claimUnpublished(
          db,
          this.settings.receiverKind,
          PUBLISH_BATCH,
        );
        if (rows.length === 0) return 0;
        await this.producer.send(
          rows.flatMap((row) =>
            outcomeRecords(this.codec, {
              ...row,
              sourceValue: row.sourceValue && this.open(row, row.sourceValue, 'source_value'),
            }),
          ),
        );
        await DeliveryQueueRepository.markPublished(
          db,
          rows.map((row) => row.deliveryId),
        );
        return rows.length;
      });
      total += published;
      if (published < PUBLISH_BATCH) return total;
    }
  }

  /**
   * Opens a row's sealed value (the only place the queue's content is read in clear). A row queued
   * before encryption (no key id) holds it in clear until sealRowsInClear has run.
   */
  private open(row: DeliveryQueueEntry, value: Buffer, field: SealedField): Buffer {
    return row.contentKeyId === null
      ? value
      : this.cipher.open(value, row.contentKeyId, row.deliveryId, field);
  }

  /** Seals this kind's rows queued before encryption with the current key, in batches. */
  private async sealRowsInClear(): Promise<void> {
    const db = this.dataSource.manager;
    let sealed = 0;
    for (;;) {
      const rows = await DeliveryQueueRepository.unsealed(db, this.settings.receiverKind, PUBLISH_BATCH);
      for (const row of rows) {
        await DeliveryQueueRepository.seal(
          db,
          row.deliveryId,
          {
            body: row.body && this.cipher.seal(row.body, row.deliveryId, 'body'),
            sourceValue: row.sourceValue && this.cipher.seal(row.sourceValue, row.deliveryId, 'source_value'),
          },
          this.cipher.currentKeyId,
        );
      }
      sealed += rows.length;
      if (rows.length < PUBLISH_BATCH) break;
    }
    if (sealed > 0) {
      this.log.log({
        msg: 'sealed queued documents kept in clear before encryption',
        sealed,
        keyId: this.cipher.currentKeyId,
      });
    }
  }

  /** Says at start-up which rows wait for a key that is not configured (removed too early in a rotation). */
  private async reportUnopenableRows(): Promise<void> {
    const byKey = await DeliveryQueueRepository.contentKeyIds(
      this.dataSource.manager,
      this.settings.receiverKind,
    );
    for (const [keyId, rows] of byKey) {
      if (this.cipher.canOpen(keyId)) continue;
      this.log.error({
        msg: 'queued documents are sealed with a key that is not configured; they wait until it is back in HUB_DELIVERY_QUEUE_KEYS',
        keyId,
        rows,
      });
    }
  }

  private async purgeSettled(): Promise<void> {
    if (Date.now() - this.lastPurgeAt < PURGE_EVERY_MS) return;
    this.lastPurgeAt = Date.now();
    const purged = await DeliveryQueueRepository.purgeSettled(
      this.dataSource.manager,
      this.settings.receiverKind,
      SETTLED_RETENTION_DAYS,
    );
    if (purged > 0)
      this.log.log({ msg: 'purged settled deliveries', purged, olderThanDays: SETTLED_RETENTION_DAYS });
  }

  private breaker(partner: string): CircuitBreaker {
    let breaker = this.breakers.get(partner);
    if (!breaker) {
      breaker = new CircuitBreaker(this.settings.circuit, ({ from, to, failures }) => {
        const entry = { msg: `circuit ${to}`, partner, from, to, consecutiveFailures: failures };
        if (to === 'open') this.log.warn({ ...entry, coolDownMs: this.settings.circuit.coolDownMs });
        else this.log.log(entry);
      });
      this.breakers.set(partner, breaker);
    }
    return breaker;
  }
}
