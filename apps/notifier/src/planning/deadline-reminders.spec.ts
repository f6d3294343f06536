import { DanishWorkingDayCalendar, defaultAgreementsDir, loadAgreementCatalog } from '@hub/agreements';
import type { DeadlineDue } from '@hub/contracts';

import { CatalogNotificationDirectory } from './catalog-notification-directory';
import { dueDateOf, isTimely, planDeadlineReminder } from './deadline-reminders';

const directory = new CatalogNotificationDirectory(
  loadAgreementCatalog(defaultAgreementsDir()),
  new DanishWorkingDayCalendar(),
);

const RECOMMENDATION_ID = '613fb710-2a90-5ace-b4e6-c4e000f79c5a';

/** Seed 001: Krifa recommended an early offer on Monday 2 June 2025; Norddjurs decides within 5 working days. */
function deadline(overrides: Partial<DeadlineDue> = {}): DeadlineDue {
  return {
    eventId: 'b1c7d1d4-8f3e-5a43-9f0e-0c1d2e3f4a5b',
    deadlineId: `RECOMMENDATION_DECISION:${RECOMMENDATION_ID}`,
    ruleCode: 'RECOMMENDATION_DECISION',
    triggerMessageId: RECOMMENDATION_ID,
    triggerKind: 'beskedmodul.EarlyOfferRecommendation',
    awaitedKind: 'beskedmodul.EarlyOfferDecision',
    correlationId: null,
    responsible: { kind: 'jobcenter', id: '707' },
    agreementId: 'norddjurs-akasse-2024',
    clauseRef: 'seed 001, Tilbud',
    // End of Monday 9 June 2025 in Copenhagen (CEST).
    dueAt: '2025-06-09T22:00:00.000Z',
    citizenPseudonym: 'pseudonym',
    raisedAt: '2025-06-09T05:00:00.000Z',
    ...overrides,
  };
}

describe(dueDateOf.name, () => {
  it('gives the Danish due day an end-of-day instant closes, in summer and in winter time', () => {
    expect(dueDateOf('2025-06-09T22:00:00.000Z')).toBe('2025-06-09');
    expect(dueDateOf('2025-03-10T23:00:00.000Z')).toBe('2025-03-10');
  });
});

describe(planDeadlineReminder.name, () => {
  it('reminds the responsible jobcenter on the due day, by reference, with the agreement and what to send', () => {
    const [mail] = planDeadlineReminder({ kind: 'events.DeadlineDue', value: deadline() }, directory);
    expect(mail.mailbox).toBe('jobcenter@norddjurs.dk');
    expect(mail.subject).toBe('Frist 2025-06-09: afgørelse på indstilling om tidligt tilbud – ref. 613FB710');
    expect(mail.text).toContain('Til: Jobcenter Norddjurs');
    expect(mail.text).toContain(
      'Hvad skal I gøre: Send afgørelse på indstilling om tidligt tilbud senest 2025-06-09.',
    );
    expect(mail.text).toContain('Udløst af: indstilling om tidligt tilbud');
    expect(mail.text).toContain('(seed 001, Tilbud)');
    expect(mail.messageIds).toEqual([RECOMMENDATION_ID]);
  });

  it('says the deadline has passed in an overdue notice, and gives it a mail id of its own', () => {
    const due = planDeadlineReminder({ kind: 'events.DeadlineDue', value: deadline() }, directory)[0];
    const [overdue] = planDeadlineReminder(
      { kind: 'events.DeadlineOverdue', value: { ...deadline({ eventId: 'other-event' }), detectedAt: '' } },
      directory,
    );
    expect(overdue.subject).toMatch(/^Frist overskredet 2025-06-09: /);
    expect(overdue.text).toContain('Fristen 2025-06-09 er overskredet.');
    expect(overdue.mailId).not.toBe(due.mailId);
  });

  it('plans the same mail id for the same event, so a redelivered event records nothing new', () => {
    const once = planDeadlineReminder({ kind: 'events.DeadlineDue', value: deadline() }, directory);
    const twice = planDeadlineReminder({ kind: 'events.DeadlineDue', value: deadline() }, directory);
    expect(twice[0].mailId).toBe(once[0].mailId);
  });

  it('names every kind that meets the target, and says when the target only applies if its condition holds', () => {
    const [placement] = planDeadlineReminder(
      {
        kind: 'events.DeadlineDue',
        value: deadline({ ruleCode: 'PLACEMENT_DECISION', triggerKind: 'vitas.PlacementSubmitted' }),
      },
      directory,
    );
    expect(placement.subject).toContain(
      'bevilling af virksomhedsrettet tilbud eller afslag på virksomhedsrettet tilbud',
    );
    const [risk] = planDeadlineReminder(
      {
        kind: 'events.DeadlineDue',
        value: deadline({
          ruleCode: 'RISK_NOTICE_BEFORE_HANDOVER',
          awaitedKind: 'beskedmodul.LongTermUnemploymentRiskNotice',
          responsible: { kind: 'akasse', id: 'KRIFA' },
        }),
      },
      directory,
    );
    expect(risk.text).toContain(
      'Send besked om risiko for langtidsledighed senest 2025-06-09, hvis aftalens betingelse for den er opfyldt.',
    );
  });

  it('plans nothing for a party without a mailbox', () => {
    const mails = planDeadlineReminder(
      { kind: 'events.DeadlineDue', value: deadline({ responsible: { kind: 'company', id: '12345678' } }) },
      directory,
    );
    expect(mails).toEqual([]);
  });
});

describe(isTimely.name, () => {
  const due = { kind: 'events.DeadlineDue', value: deadline() } as const;
  const overdue = { kind: 'events.DeadlineOverdue', value: { ...deadline(), detectedAt: '' } } as const;

  it('mails a reminder only before the deadline has passed', () => {
    expect(isTimely(due, new Date('2025-06-09T05:00:00.000Z'), 14)).toBe(true);
    expect(isTimely(due, new Date('2025-06-10T05:00:00.000Z'), 14)).toBe(false);
  });

  it('mails an overdue notice only while the deadline passed at most the given days ago', () => {
    expect(isTimely(overdue, new Date('2025-06-10T05:00:00.000Z'), 14)).toBe(true);
    expect(isTimely(overdue, new Date('2025-06-23T21:00:00.000Z'), 14)).toBe(true);
    expect(isTimely(overdue, new Date('2025-06-24T05:00:00.000Z'), 14)).toBe(false);
    expect(isTimely(overdue, new Date('2026-11-22T08:00:00.000Z'), 14)).toBe(false);
  });
});
