import { Controller, Logger } from '@nestjs/common';
import {
  DeadlineDue,
  DeadlineOverdue,
  DeliveryFailed,
  DeliverySucceeded,
  ExchangeRejected,
  ExchangeRouted,
  NotificationSent,
} from '@hub/contracts';
import { targetRuleCode } from '@hub/agreements';
import { ChunkEntry, eachEntry, HandlerResult, HandlesChunk } from '@hub/kafka';
import { metricLabel } from '@hub/observability';
import { classifyDatabaseError } from '@hub/persistence';
import { deterministicUuid } from '@hub/privacy';
import { DataSource, EntityManager } from 'typeorm';

import { expectationIdOf } from '../deadlines/deadline-rules';
import { MonitorMetrics } from '../monitor.metrics';
import { danishDate, MonitorReference } from '../reference/monitor-reference';
import {
  expectationsAnsweredBy,
  isUuid,
  lockKeys,
  refreshAnswered,
  refreshFulfilment,
} from './answer-linking';

/** The event kinds the monitor consumes; start-up fails if one has no handler. */
export const PROJECTED_EVENT_KINDS = [
  'events.ExchangeRouted',
  'events.ExchangeRejected',
  'events.DeliverySucceeded',
  'events.DeliveryFailed',
  'events.NotificationSent',
  'events.DeadlineDue',
  'events.DeadlineOverdue',
] as const;

const NOTHING: HandlerResult['records'] = [];

/**
 * Builds the exchange log from the hub's events. Each event is applied in one database transaction
 * together with its event id, so a redelivered or replayed event is recognised and changes nothing;
 * links between exchanges (answers, fulfilled deadlines) are recomputed from the rows present, so
 * replaying all events into an empty log gives the same rows whatever order the partitions arrive in.
 */
@Controller()
export class ExchangeLogProjection {
  private readonly log = new Logger(ExchangeLogProjection.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: MonitorReference,
    private readonly metrics: MonitorMetrics,
  ) {}

  /** Every projected event kind, applied in consumed order. */
  @HandlesChunk(PROJECTED_EVENT_KINDS)
  applyChunk(entries: readonly ChunkEntry[]): Promise<HandlerResult[]> {
    return eachEntry(entries, ({ pattern, data }) => {
      switch (pattern as (typeof PROJECTED_EVENT_KINDS)[number]) {
        case 'events.ExchangeRouted':
          return this.routed(data as ExchangeRouted);
        case 'events.ExchangeRejected':
          return this.rejected(data as ExchangeRejected);
        case 'events.DeliverySucceeded':
          return this.delivered(data as DeliverySucceeded);
        case 'events.DeliveryFailed':
          return this.deliveryFailed(data as DeliveryFailed);
        case 'events.NotificationSent':
          return this.notificationSent(data as NotificationSent);
        case 'events.DeadlineDue':
          return this.deadlineDue(data as DeadlineDue);
        case 'events.DeadlineOverdue':
          return this.deadlineOverdue(data as DeadlineOverdue);
      }
    });
  }

  routed(event: ExchangeRouted): Promise<HandlerResult> {
    const causationId = isUuid(event.causationId) ? event.causationId : null;
    return this.apply(event.eventId, 'routed', async (db) => {
      await lockKeys(db, [event.messageId, causationId, event.citizenPseudonym]);
      await db.query(
        `INSERT INTO exchange_log (message_id, kind, channel, sender_kind, sender_id, receivers, correlation_id,
           agreement_id, clause_ref, status, verdict, findings, citizen_pseudonym, exchange_date, queued_at, routed_at,
           causation_id)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'routed',$10,$11,$12,$13,$14,$15,$16)
         ON CONFLICT (message_id) DO UPDATE SET kind = EXCLUDED.kind, receivers = EXCLUDED.receivers,
           agreement_id = EXCLUDED.agreement_id, clause_ref = EXCLUDED.clause_ref, verdict = EXCLUDED.verdict,
           findings = EXCLUDED.findings, citizen_pseudonym = EXCLUDED.citizen_pseudonym,
           exchange_date = EXCLUDED.exchange_date, queued_at = EXCLUDED.queued_at, routed_at = EXCLUDED.routed_at,
           causation_id = EXCLUDED.causation_id,
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
          causationId,
        ],
      );
      await this.step(db, event.eventId, event.messageId, 'routed', event.routedAt, {
        verdict: event.verdict,
        receivers: event.receivers,
        findings: event.findings.map((finding) => finding.code),
        answers: causationId,
      });

      // What this exchange makes due (one statement for all of them), and whether something already
      // in the log fulfils it.
      const created = event.expectations.map((expectation) =>
        expectationIdOf(event.messageId, expectation.kind),
      );
      if (event.expectations.length > 0) {
        await db.query(
          `INSERT INTO exchange_expectation (expectation_id, trigger_message_id, trigger_kind, trigger_date, kind,
             rule_code, due_on, responsible_kind, responsible_id, agreement_id, clause_ref, expected_kinds, conditional,
             citizen_pseudonym, correlation_id)
           SELECT e.expectation_id, $1::uuid, $2::text, $3::date, e.kind, e.rule_code, e.due_on, e.responsible_kind, e.responsible_id,
                  e.agreement_id, e.clause_ref, e.expected_kinds, e.conditional, $4::text, $5::text
             FROM jsonb_to_recordset($6::jsonb) AS e(expectation_id uuid, kind text, rule_code text, due_on date,
                  responsible_kind text, responsible_id text, agreement_id text, clause_ref text,
                  expected_kinds jsonb, conditional boolean)
           ON CONFLICT (expectation_id) DO NOTHING`,
          [
            event.messageId,
            event.kind,
            event.exchangeDate,
            event.citizenPseudonym,
            event.correlationId,
            JSON.stringify(
              event.expectations.map((expectation, index) => ({
                expectation_id: created[index],
                kind: expectation.kind,
                rule_code: targetRuleCode(expectation.kind),
                due_on: expectation.dueOn,
                responsible_kind: expectation.responsible.kind,
                responsible_id: expectation.responsible.id,
                agreement_id: expectation.agreementId,
                clause_ref: expectation.clauseRef,
                expected_kinds: expectation.expectedMessageKinds,
                conditional: expectation.conditional,
              })),
            ),
          ],
        );
      }
      await refreshAnswered(db, event.messageId);

      // As an answer: the message it answers, and every deadline it may meet.
      const answered = await expectationsAnsweredBy(db, { ...event, causationId });
      await refreshFulfilment(db, [...new Set([...created, ...answered])], this.reference.calendar);
      if (causationId) {
        await refreshAnswered(db, causationId);
        await this.step(
          db,
          deterministicUuid('answered', event.eventId),
          causationId,
          'answered',
          event.routedAt,
          { by: event.messageId, kind: event.kind, sender: event.sender },
        );
      }
    });
  }

  rejected(event: ExchangeRejected): Promise<HandlerResult> {
    // A message that could not even be read has no id of its own: the event id stands in.
    const messageId = isUuid(event.messageId) ? event.messageId : event.eventId;
    const rejectedOn = danishDate(new Date(event.rejectedAt));
    return this.apply(event.eventId, 'rejected', async (db) => {
      await db.query(
        `INSERT INTO exchange_log (message_id, kind, channel, sender_kind, sender_id, agreement_id, status, verdict,
           reason_code, findings, citizen_pseudonym, rejected_at, exchange_date)
         VALUES ($1,$2,$3,$4,$5,$6,'rejected','reject',$7,$8,$9,$10,$11)
         ON CONFLICT (message_id) DO UPDATE SET rejected_at = EXCLUDED.rejected_at, reason_code = EXCLUDED.reason_code,
           exchange_date = COALESCE(exchange_log.exchange_date, EXCLUDED.exchange_date), updated_at = now()`,
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
          rejectedOn,
        ],
      );
      await this.step(db, event.eventId, messageId, 'rejected', event.rejectedAt, {
        reasonCode: event.reasonCode,
        findings: event.findings.map((finding) => finding.code),
      });
    });
  }

  delivered(event: DeliverySucceeded): Promise<HandlerResult> {
    let routedAt: Date | undefined;
    return this.apply(
      event.eventId,
      'delivered',
      async (db) => {
        if (!isUuid(event.messageId)) return; // A receipt for an unreadable message.
        const updated: [{ routed_at: Date | null }[], number] = await db.query(
          `UPDATE exchange_log SET delivered_at = LEAST(COALESCE(delivered_at, $2), $2),
             status = CASE WHEN status = 'routed' THEN 'delivered' ELSE status END, updated_at = now()
           WHERE message_id = $1 RETURNING routed_at`,
          [event.messageId, event.deliveredAt],
        );
        routedAt = updated[0][0]?.routed_at ?? undefined;
        await this.step(db, event.eventId, event.messageId, 'delivered', event.deliveredAt, {
          receiver: event.receiver,
          attempts: event.attempts,
        });
      },
      () => {
        const receiverKind = metricLabel(event.receiver.kind);
        this.metrics.deliveryRetries.inc({ receiver_kind: receiverKind }, Math.max(0, event.attempts - 1));
        if (routedAt) {
          const seconds = (new Date(event.deliveredAt).getTime() - routedAt.getTime()) / 1000;
          if (seconds >= 0) this.metrics.deliveryLatency.observe({ receiver_kind: receiverKind }, seconds);
        }
      },
    );
  }

  deliveryFailed(event: DeliveryFailed): Promise<HandlerResult> {
    return this.apply(
      event.eventId,
      'delivery_failed',
      async (db) => {
        if (!isUuid(event.messageId)) return;
        await db.query(
          `UPDATE exchange_log SET status = 'delivery_failed', reason_code = 'PARTNER_REFUSED', updated_at = now() WHERE message_id = $1`,
          [event.messageId],
        );
        // The partner's reason text stays out: it is the partner's, and may say anything.
        await this.step(db, event.eventId, event.messageId, 'delivery_failed', event.failedAt, {
          receiver: event.receiver,
          attempts: event.attempts,
          permanent: event.permanent,
          httpStatus: event.httpStatus,
        });
      },
      () => {
        this.metrics.deliveryRetries.inc(
          { receiver_kind: metricLabel(event.receiver.kind) },
          Math.max(0, event.attempts - 1),
        );
      },
    );
  }

  notificationSent(event: NotificationSent): Promise<HandlerResult> {
    return this.apply(
      event.eventId,
      'notification_recorded',
      async (db) => {
        for (const messageId of event.messageIds.filter(isUuid)) {
          await this.step(
            db,
            deterministicUuid('notified', event.eventId, messageId),
            messageId,
            'notified',
            event.sentAt,
            {
              mailbox: event.mailbox,
              mailId: event.mailId,
            },
          );
        }
      },
      () => this.metrics.mailsSent.inc(),
    );
  }

  // The watch marks a deadline raised when it sends the event; applying the event (also on a replay)
  // keeps the earliest time, so a deadline raised twice (a crash, a replay) settles on one value.
  deadlineDue(event: DeadlineDue): Promise<HandlerResult> {
    return this.apply(event.eventId, 'deadline_due_recorded', async (db) => {
      if (!isUuid(event.triggerMessageId)) return;
      await db.query(
        `UPDATE exchange_expectation SET due_event_id = $3,
           due_raised_at = LEAST(COALESCE(due_raised_at, $4), $4)
         WHERE trigger_message_id = $1 AND rule_code = $2`,
        [event.triggerMessageId, event.ruleCode, event.eventId, event.raisedAt],
      );
      await this.step(db, event.eventId, event.triggerMessageId, 'deadline_due', event.raisedAt, {
        ruleCode: event.ruleCode,
        dueAt: event.dueAt,
        responsible: event.responsible,
      });
    });
  }

  deadlineOverdue(event: DeadlineOverdue): Promise<HandlerResult> {
    return this.apply(event.eventId, 'deadline_overdue_recorded', async (db) => {
      if (!isUuid(event.triggerMessageId)) return;
      await db.query(
        `UPDATE exchange_expectation SET overdue_event_id = $3,
           overdue_raised_at = LEAST(COALESCE(overdue_raised_at, $4), $4)
         WHERE trigger_message_id = $1 AND rule_code = $2`,
        [event.triggerMessageId, event.ruleCode, event.eventId, event.detectedAt],
      );
      await this.step(db, event.eventId, event.triggerMessageId, 'deadline_overdue', event.detectedAt, {
        ruleCode: event.ruleCode,
        dueAt: event.dueAt,
        responsible: event.responsible,
      });
    });
  }

  /** One step of an exchange's timeline; parties, codes and mailboxes only, never a pseudonym. */
  private async step(
    db: EntityManager,
    eventId: string,
    messageId: string,
    step: string,
    at: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    // Nothing is added back to the timeline of an exchange the retention job purged.
    await db.query(
      `INSERT INTO exchange_timeline (event_id, message_id, step, at, detail)
       SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM purged_exchange WHERE message_id = $2)
       ON CONFLICT (event_id) DO NOTHING`,
      [eventId, messageId, step, at, JSON.stringify(detail)],
    );
  }

  /** Applies one event once; `afterCommit` (metrics) runs only when it was applied now, not a duplicate. */
  private async apply(
    eventId: string,
    outcome: string,
    change: (db: EntityManager) => Promise<void>,
    afterCommit?: () => void,
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
      if (applied) afterCommit?.();
      return { outcome: applied ? outcome : 'duplicate', records: NOTHING };
    } catch (error) {
      const classified = classifyDatabaseError(error, `applying event ${eventId}`);
      this.log.warn({ msg: 'could not apply event', eventId, error: classified.message });
      throw classified;
    }
  }
}
