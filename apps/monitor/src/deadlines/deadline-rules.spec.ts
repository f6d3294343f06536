import { DanishWorkingDayCalendar } from '@hub/agreements';

import { deadlineEventDue, dueInstant } from './deadline-rules';

const calendar = new DanishWorkingDayCalendar();
const open = { conditional: false, dueRaised: false, overdueRaised: false };

describe(deadlineEventDue.name, () => {
  it('raises nothing before the due date', () => {
    expect(deadlineEventDue({ ...open, dueOn: '2025-03-10' }, '2025-03-07', calendar)).toBeUndefined();
  });

  it('reminds on the due date, once', () => {
    expect(deadlineEventDue({ ...open, dueOn: '2025-03-10' }, '2025-03-10', calendar)).toBe(
      'events.DeadlineDue',
    );
    expect(
      deadlineEventDue({ ...open, dueOn: '2025-03-10', dueRaised: true }, '2025-03-10', calendar),
    ).toBeUndefined();
  });

  it('reminds on the last working day before a due date that is not one (Sunday → Friday)', () => {
    expect(deadlineEventDue({ ...open, dueOn: '2025-03-16' }, '2025-03-14', calendar)).toBe(
      'events.DeadlineDue',
    );
    expect(deadlineEventDue({ ...open, dueOn: '2025-03-16' }, '2025-03-13', calendar)).toBeUndefined();
  });

  it('reports it overdue the day after, once, even when the reminder was never sent', () => {
    expect(deadlineEventDue({ ...open, dueOn: '2025-03-10' }, '2025-03-11', calendar)).toBe(
      'events.DeadlineOverdue',
    );
    expect(
      deadlineEventDue({ ...open, dueOn: '2025-03-10', overdueRaised: true }, '2026-01-01', calendar),
    ).toBeUndefined();
  });

  it('never reports a conditional deadline overdue (the risk notice is only due if there is a risk)', () => {
    expect(
      deadlineEventDue({ ...open, dueOn: '2025-03-10', conditional: true }, '2025-03-10', calendar),
    ).toBe('events.DeadlineDue');
    expect(
      deadlineEventDue({ ...open, dueOn: '2025-03-10', conditional: true }, '2025-03-11', calendar),
    ).toBeUndefined();
  });
});

describe(dueInstant.name, () => {
  it('is the end of the Danish day, in winter and in summer time', () => {
    expect(dueInstant('2025-03-10').toISOString()).toBe('2025-03-10T23:00:00.000Z');
    expect(dueInstant('2025-07-01').toISOString()).toBe('2025-07-01T22:00:00.000Z');
  });
});
