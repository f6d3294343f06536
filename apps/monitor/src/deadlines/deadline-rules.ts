import { deterministicUuid } from '@hub/common';
import type { WorkingDayCalendar } from '@hub/agreements';

/** What the watch needs to know about one open deadline. */
export interface OpenDeadline {
  dueOn: string;
  conditional: boolean;
  dueRaised: boolean;
  overdueRaised: boolean;
}

export type DeadlineEventKind = 'events.DeadlineDue' | 'events.DeadlineOverdue';

/**
 * Which event an unfulfilled deadline needs today (a Danish date), if any:
 * - `events.DeadlineDue` on the due date, or on the last working day before it when the due date is
 *   not a working day (a 14-day notice due on a Sunday is a Friday reminder), once;
 * - `events.DeadlineOverdue` once the due date has passed, once; never for a conditional deadline
 *   (only due if the a-kasse assesses a risk: the hub cannot know it was missed).
 * A deadline first seen after its due date (the monitor was down, or the exchange was back-dated)
 * gets only the overdue event: a reminder for a day already gone helps no one.
 */
export function deadlineEventDue(
  deadline: OpenDeadline,
  today: string,
  calendar: WorkingDayCalendar,
): DeadlineEventKind | undefined {
  if (today > deadline.dueOn) {
    return deadline.conditional || deadline.overdueRaised ? undefined : 'events.DeadlineOverdue';
  }
  if (deadline.dueRaised) return undefined;
  const remindFrom = calendar.isWorkingDay(deadline.dueOn)
    ? deadline.dueOn
    : calendar.addWorkingDays(deadline.dueOn, -1);
  return today >= remindFrom ? 'events.DeadlineDue' : undefined;
}

/** The deadline's id in the events: rule and triggering message (schemas/events/DeadlineDue.avsc). */
export function deadlineIdOf(ruleCode: string, triggerMessageId: string): string {
  return `${ruleCode}:${triggerMessageId}`;
}

/** Deterministic event id: raising the same deadline's event twice yields the same id. */
export function deadlineEventId(kind: DeadlineEventKind, deadlineId: string): string {
  return deterministicUuid(kind === 'events.DeadlineDue' ? 'DeadlineDue' : 'DeadlineOverdue', deadlineId);
}

/** The expectation row's id, derived from the triggering message and the target. */
export function expectationIdOf(triggerMessageId: string, targetId: string): string {
  return deterministicUuid('Expectation', triggerMessageId, targetId);
}

/**
 * The instant a deadline falls: the end of its Danish due date, i.e. midnight at the start of the next
 * day in Copenhagen, as UTC. Computed from the Copenhagen offset on that day (CET or CEST).
 */
export function dueInstant(dueOn: string): Date {
  const [year, month, day] = dueOn.split('-').map(Number);
  const nextMidnightUtc = Date.UTC(year, month - 1, day + 1);
  const offsetMinutes = copenhagenOffsetMinutes(new Date(nextMidnightUtc));
  return new Date(nextMidnightUtc - offsetMinutes * 60_000);
}

function copenhagenOffsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Copenhagen',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const value = (type: string): number => Number(parts.find((part) => part.type === type)?.value);
  const local = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'));
  return Math.round((local - at.getTime()) / 60_000);
}
