import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '@hub/config';
import { HEADERS, HUB_CODEC, HubCodec, PartyKind, PartyKindValues, TOPICS } from '@hub/contracts';
import { ConsumerStatus, HubProducer, OutgoingRecord } from '@hub/kafka';
import { metricLabel } from '@hub/observability';
import { DeadlineCandidate, ExchangeLogRepository } from '@hub/persistence';
import { PeriodicTask } from '@hub/service';
import { DataSource, EntityManager } from 'typeorm';

import { ConsumerLagService } from '../lag/consumer-lag.service';
import type { MonitorConfig } from '../monitor.config';
import { DEADLINE_BATCH, FIRST_ROUND_AFTER_MS, MONITOR_GROUP_ID } from '../monitor.constants';
import { MonitorMetrics } from '../monitor.metrics';
import { MonitorClock } from '../reference/monitor-clock';
import { MonitorReference } from '../reference/monitor-reference';
import { deadlineEventDue, deadlineEventId, deadlineIdOf, dueInstant } from './deadline-rules';

const partyKind = (kind: string): PartyKind => PartyKindValues.find((known) => known === kind) ?? 'hub';

/**
 * The deadline watch: every MONITOR_DEADLINE_INTERVAL_MS it raises events.DeadlineDue on a deadline's
 * due date and events.DeadlineOverdue after it (deadline-rules.ts), each once, for deadlines no
 * exchange has met. The notifier mails them to the responsible mailbox; the dashboard shows them.
 *
 * Instance-safe: deadlines are claimed with FOR UPDATE SKIP LOCKED, the events are sent to Kafka
 * (acks=all) before the claiming transaction marks them raised, and the event ids are derived from
 * the deadline, so a crash between the two re-sends the same event, which consumers recognise.
 * It waits while the monitor's consumer is behind on the events topic: an answer not yet applied
 * must not make its deadline look missed (after a restart, or while replaying the log). A run raises
 * one batch (DEADLINE_BATCH); while batches come full, the next run follows at once.
 */
@Injectable()
export class DeadlineWatch implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(DeadlineWatch.name);
  private readonly task: PeriodicTask;
  /** Whether the last run raised a full batch (see raiseDue). */
  private inBacklog = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: HubProducer,
    @Inject(HUB_CODEC) private readonly codec: HubCodec,
    private readonly reference: MonitorReference,
    private readonly clock: MonitorClock,
    private readonly status: ConsumerStatus,
    private readonly lag: ConsumerLagService,
    private readonly metrics: MonitorMetrics,
    @Inject(APP_CONFIG) config: MonitorConfig,
  ) {
    const everyMs = config.MONITOR_DEADLINE_INTERVAL_MS;
    this.task = new PeriodicTask(
      {
        name: 'deadline watch',
        everyMs,
        firstRunAfterMs: Math.min(FIRST_ROUND_AFTER_MS, everyMs),
        keepGoingWhileWorking: true,
        log: this.log,
      },
      () => this.raiseDue(),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /**
   * One batch of deadlines, unless the consumer is not running or is behind. True when the batch was
   * full and raised something: there may be more, and the next run goes on without waiting for the
   * log to catch up, as the only events added since are the watch's own.
   */
  private async raiseDue(): Promise<boolean> {
    const continuing = this.inBacklog;
    this.inBacklog = false;
    if (!continuing) {
      if (this.status.state !== 'running') return false;
      if (!(await this.lag.caughtUp(MONITOR_GROUP_ID, TOPICS.events))) {
        this.log.debug({ msg: 'deadline watch waits: the exchange log is catching up' });
        return false;
      }
    }
    const { claimed, raised } = await this.dataSource.transaction((db) => this.raiseBatch(db));
    if (raised > 0) this.log.log({ msg: 'deadline events raised', raised });
    this.inBacklog = claimed === DEADLINE_BATCH && raised > 0;
    return this.inBacklog;
  }

  private async raiseBatch(db: EntityManager): Promise<{ claimed: number; raised: number }> {
    const today = this.clock.today();
    const rows = await ExchangeLogRepository.claimDeadlines(db, today, DEADLINE_BATCH);
    const now = this.clock.now().toISOString();
    const records: OutgoingRecord[] = [];
    const marks: {
      row: DeadlineCandidate;
      kind: 'events.DeadlineDue' | 'events.DeadlineOverdue';
      eventId: string;
    }[] = [];
    for (const row of rows) {
      const kind = deadlineEventDue(
        {
          dueOn: row.due_on,
          conditional: row.conditional,
          dueRaised: row.due_event_id !== null,
          overdueRaised: row.overdue_event_id !== null,
        },
        today,
        this.reference.calendar,
      );
      if (!kind) continue;
      const deadlineId = deadlineIdOf(row.rule_code, row.trigger_message_id);
      const eventId = deadlineEventId(kind, deadlineId);
      const common = {
        eventId,
        deadlineId,
        ruleCode: row.rule_code,
        triggerMessageId: row.trigger_message_id,
        triggerKind: row.trigger_kind,
        awaitedKind: row.expected_kinds[0] ?? null,
        correlationId: row.correlation_id,
        responsible: { kind: partyKind(row.responsible_kind), id: row.responsible_id },
        agreementId: row.agreement_id,
        clauseRef: row.clause_ref,
        dueAt: dueInstant(row.due_on).toISOString(),
        citizenPseudonym: row.citizen_pseudonym,
      };
      const value =
        kind === 'events.DeadlineDue'
          ? this.codec.encode('events.DeadlineDue', { ...common, raisedAt: now })
          : this.codec.encode('events.DeadlineOverdue', { ...common, detectedAt: now });
      records.push({
        topic: TOPICS.events,
        key: row.trigger_message_id,
        value,
        headers: {
          [HEADERS.kind]: kind,
          [HEADERS.messageId]: row.trigger_message_id,
          [HEADERS.correlationId]: row.correlation_id ?? row.trigger_message_id,
        },
      });
      marks.push({ row, kind, eventId });
    }
    // On Kafka first, then marked raised in the same transaction that claimed the rows.
    await this.producer.send(records);
    for (const { row, kind, eventId } of marks) {
      await ExchangeLogRepository.markDeadlineRaised(
        db,
        row.expectation_id,
        kind === 'events.DeadlineDue' ? 'due' : 'overdue',
        eventId,
        now,
      );
      this.metrics.deadlineEvents.inc({ kind, agreement: metricLabel(row.agreement_id) });
    }
    return { claimed: rows.length, raised: marks.length };
  }
}
