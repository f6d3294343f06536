import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  DeliveryFailed,
  DeliverySucceeded,
  ExchangeRejected,
  ExchangeRouted,
  NotificationSent,
} from '@hub/contracts';
import { HandlerResult } from '@hub/kafka';
import { classifyDatabaseError } from '@hub/persistence';
import { DataSource, EntityManager } from 'typeorm';

/** The event kinds the monitor consumes; start-up fails if one has no handler. */
export const PROJECTED_EVENT_KINDS = [
  'events.ExchangeRouted',
  'events.ExchangeRejected',
  'events.DeliverySucceeded',
  'events.DeliveryFailed',
  'events.NotificationSent',
] as const;

const NOTHING: HandlerResult['records'] = [];

/**
 * Builds the exchange log from the hub's events. Each event is applied in one database transaction
 * together with its event id, so a redelivered or replayed event is recognised and changes nothing:
 * replaying all events into an empty log gives the same rows.
 */
@Controller()
export class ExchangeLogProjection {
  private readonly log = new Logger(ExchangeLogProjection.name);

  constructor(private readonly dataSource: DataSource) {}

  @EventPattern('events.ExchangeRouted')
  routed(@Payload() event: ExchangeRouted): Promise<HandlerResult> {
    return this.apply(event.eventId, 'routed', async (db) => {
      await db.query(
        `INSERT INTO exchange_log (message_id, kind, channel, sender_kind, sender_id, receivers, correlation_id,
           agreement_id, clause_ref, status, verdict, findings, citizen_pseudonym, exchange_date, queued_at, routed_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'routed',$10,$11,$12,$13,$14,$15)
         ON CONFLICT (message_id) DO UPDATE SET kind = EXCLUDED.kind, receivers = EXCLUDED.receivers,
           agreement_id = EXCLUDED.agreement_id, clause_ref = EXCLUDED.clause_ref, verdict = EXCLUDED.verdict,
           findings = EXCLUDED.findings, citizen_pseudonym = EXCLUDED.citizen_pseudonym,
           exchange_date = EXCLUDED.exchange_date, queued_at = EXCLUDED.queued_at, routed_at = EXCLUDED.routed_at,
           status = CASE WHEN exchange_log.status = 'rejected' THEN 'routed' ELSE exchange_log.status END,
           updated_at = now()`,
        [
          event.messageId,
          event.kind,
          event.channel,
          event.sender.kind,
          event.sender.id,
          JSON.stringify(event.receivers),
          event.correlationId,
          event.agreementId,
          event.clauseRef,
          event.verdict,
          JSON.stringify(event.findings),
          event.citizenPseudonym,
          event.exchangeDate,
          event.queuedAt,
          event.routedAt,
        ],
      );
    });
  }

  @EventPattern('events.ExchangeRejected')
  rejected(@Payload() event: ExchangeRejected): Promise<HandlerResult> {
    // A message that could not even be read has no id of its own: its place in the topic stands in.
    const messageId = event.messageId ?? null;
    return this.apply(event.eventId, 'rejected', async (db) => {
      if (!messageId || !/^[0-9a-f-]{36}$/.test(messageId)) {
        await db.query(
          `INSERT INTO exchange_log (message_id, kind, channel, sender_kind, sender_id, status, reason_code, findings, rejected_at)
           VALUES ($1, $2, $3, $4, $5, 'rejected', $6, $7, $8) ON CONFLICT (message_id) DO NOTHING`,
          [
            event.eventId,
            event.kind,
            event.channel,
            event.sender.kind,
            event.sender.id,
            event.reasonCode,
            JSON.stringify(event.findings),
            event.rejectedAt,
          ],
        );
        return;
      }
      await db.query(
        `INSERT INTO exchange_log (message_id, kind, channel, sender_kind, sender_id, agreement_id, status, verdict,
           reason_code, findings, citizen_pseudonym, rejected_at)
         VALUES ($1,$2,$3,$4,$5,$6,'rejected','reject',$7,$8,$9,$10)
         ON CONFLICT (message_id) DO UPDATE SET rejected_at = EXCLUDED.rejected_at, reason_code = EXCLUDED.reason_code,
           updated_at = now()`,
        [
          messageId,
          event.kind,
          event.channel,
          event.sender.kind,
          event.sender.id,
          event.agreementId,
          event.reasonCode,
          JSON.stringify(event.findings),
          event.citizenPseudonym,
          event.rejectedAt,
        ],
      );
    });
  }

  @EventPattern('events.DeliverySucceeded')
  delivered(@Payload() event: DeliverySucceeded): Promise<HandlerResult> {
    return this.apply(event.eventId, 'delivered', async (db) => {
      if (!/^[0-9a-f-]{36}$/.test(event.messageId)) return; // A receipt for an unreadable message.
      await db.query(
        `UPDATE exchange_log SET delivered_at = COALESCE(delivered_at, $2),
           status = CASE WHEN status = 'routed' THEN 'delivered' ELSE status END, updated_at = now()
         WHERE message_id = $1`,
        [event.messageId, event.deliveredAt],
      );
    });
  }

  @EventPattern('events.DeliveryFailed')
  deliveryFailed(@Payload() event: DeliveryFailed): Promise<HandlerResult> {
    return this.apply(event.eventId, 'delivery_failed', async (db) => {
      if (!/^[0-9a-f-]{36}$/.test(event.messageId)) return;
      await db.query(
        `UPDATE exchange_log SET status = 'delivery_failed', reason_code = 'PARTNER_REFUSED', updated_at = now() WHERE message_id = $1`,
        [event.messageId],
      );
    });
  }

  @EventPattern('events.NotificationSent')
  notificationSent(@Payload() event: NotificationSent): Promise<HandlerResult> {
    // Recorded as applied so a replay is idempotent; the mail itself is in the notifier's outbox.
    return this.apply(event.eventId, 'notification_recorded', () => Promise.resolve());
  }

  private async apply(
    eventId: string,
    outcome: string,
    change: (db: EntityManager) => Promise<void>,
  ): Promise<HandlerResult> {
    try {
      const applied = await this.dataSource.transaction(async (db) => {
        const inserted: unknown[] = await db.query(
          'INSERT INTO applied_event (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id',
          [eventId],
        );
        if (inserted.length === 0) return false;
        await change(db);
        return true;
      });
      return { outcome: applied ? outcome : 'duplicate', records: NOTHING };
    } catch (error) {
      const classified = classifyDatabaseError(error, `applying event ${eventId}`);
      this.log.warn({ msg: 'could not apply event', eventId, error: classified.message });
      throw classified;
    }
  }
}
