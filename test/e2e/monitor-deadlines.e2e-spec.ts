import { DeadlineDue, DeadlineOverdue, TOPICS } from '@hub/contracts';
import type { KafkaMessage } from '@hub/kafka';

import type { ExchangeDetailDto, ExpectationPageDto, TimelineDto } from '../../apps/monitor/src/api/api.dto';
import {
  addWorkingDays,
  BuiltMessage,
  buildMessage,
  codec,
  monitorApi,
  PartnerPublisher,
  scenarioCpr,
} from '../../apps/monitor/src/testing/monitor-e2e';
import { eventually } from '../support/eventually';
import { collect, header, SeenRecord, testKafka } from '../support/kafka-topics';
import { assertStackUp, hubServices, stackSettings } from '../support/local-stack';
import { capturedMails } from '../support/mail-sink';

const KRIFA = { kind: 'akasse', id: 'KRIFA' } as const;
const NORDDJURS = { kind: 'jobcenter', id: '707' } as const;

const DANISH_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' });
const DANISH_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Copenhagen',
  dateStyle: 'short',
  timeStyle: 'medium',
});
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const plusDays = (date: string, days: number): string =>
  isoDay(new Date(`${date}T00:00:00Z`).getTime() + days * 86_400_000);
const minusMonths = (date: string, months: number): string => {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCMonth(at.getUTCMonth() - months);
  return isoDay(at.getTime());
};

type DeadlineEvent =
  | { kind: 'events.DeadlineDue'; value: DeadlineDue }
  | { kind: 'events.DeadlineOverdue'; value: DeadlineOverdue };

/**
 * Issue 7, the deadline watch against the real services: deadlines created by exchanges under seed 001
 * become events.DeadlineDue on their due date and events.DeadlineOverdue after it, each exactly once
 * (also across a restart of the monitor), never for a deadline that was met, and never "overdue" for a
 * conditional one; the notifier mails them to the responsible mailbox; the API and the exchange's
 * timeline show them.
 */
describe('monitor: deadline watch, end to end', () => {
  const kafka = testKafka();
  const publisher = new PartnerPublisher(kafka);
  const today = DANISH_DATE.format(new Date());
  // A risk notice is due 14 days before the handover (seed 001), the handover 3 months after the first
  // day of unemployment: an inquiry about a citizen unemployed since this day makes it due today.
  const unemployedSince = minusMonths(plusDays(today, 14), 3);
  // Seed 001 was in force in 2025 only, so the inquiry is from then and long overdue.
  const inquiryDue = addWorkingDays('2025-06-02', 2);
  let inquiry: BuiltMessage;
  let recommendation: BuiltMessage;
  let decision: BuiltMessage;
  const settings = {
    SIMULATOR_ANSWERS: 'false',
    MONITOR_DEADLINE_INTERVAL_MS: '1000',
    // The notifier mails overdue notices for recent deadlines only (14 days by default); the
    // inquiry's is from 2025, so the window is widened to see the notice mailed here.
    NOTIFIER_OVERDUE_NOTICE_DAYS: '3650',
  };

  const ours = (message: KafkaMessage): boolean => {
    const kind = header(message, 'hub-kind');
    const id = header(message, 'hub-message-id');
    return (
      (kind === 'events.DeadlineDue' || kind === 'events.DeadlineOverdue') &&
      (id === inquiry.messageId || id === recommendation.messageId)
    );
  };
  const decoded = (records: SeenRecord[]): DeadlineEvent[] =>
    records.map((record) => codec.decode(record.value) as DeadlineEvent);

  beforeAll(async () => {
    assertStackUp();
    hubServices.up([], settings);
    inquiry = buildMessage({
      kind: 'beskedmodul.Inquiry',
      sender: KRIFA,
      receivers: [NORDDJURS],
      queuedAt: '2025-06-02T08:00:00.000Z',
      cpr: scenarioCpr(3, 1),
      unemploymentStartDate: unemployedSince,
    });
    recommendation = buildMessage({
      kind: 'beskedmodul.EarlyOfferRecommendation',
      sender: KRIFA,
      receivers: [NORDDJURS],
      queuedAt: '2025-06-02T09:00:00.000Z',
      cpr: scenarioCpr(3, 2),
    });
    decision = buildMessage({
      kind: 'beskedmodul.EarlyOfferDecision',
      sender: NORDDJURS,
      receivers: [KRIFA],
      queuedAt: '2025-06-04T09:00:00.000Z',
      cpr: scenarioCpr(3, 2),
      causationId: recommendation.messageId,
    });
    // The decision first: a deadline met before the watch ever sees it raises nothing.
    await publisher.publish([decision, recommendation, inquiry]);
  }, 180_000);

  afterAll(async () => {
    await publisher.close();
    hubServices.down();
  }, 60_000);

  it('raises events.DeadlineOverdue once for the unanswered inquiry and events.DeadlineDue once for the risk notice due today', async () => {
    const records = await collect(kafka, TOPICS.events, ours, (seen) => seen.length >= 2, {
      timeoutMs: 90_000,
      settleMs: 5_000,
    });
    const events = decoded(records);
    expect(events.map((event) => [event.kind, event.value.ruleCode]).sort()).toEqual([
      ['events.DeadlineDue', 'RISK_NOTICE_BEFORE_HANDOVER'],
      ['events.DeadlineOverdue', 'INQUIRY_ANSWER'],
    ]);
    const overdue = events.find((event) => event.kind === 'events.DeadlineOverdue');
    expect(overdue?.value).toMatchObject({
      deadlineId: `INQUIRY_ANSWER:${inquiry.messageId}`,
      triggerMessageId: inquiry.messageId,
      triggerKind: 'beskedmodul.Inquiry',
      awaitedKind: 'beskedmodul.InquiryAnswer',
      responsible: NORDDJURS,
      agreementId: 'norddjurs-akasse-2024',
    });
    // Due at the end of the Danish due day.
    expect(DANISH_TIME.format(new Date(overdue?.value.dueAt ?? 0))).toBe(
      `${plusDays(inquiryDue, 1)} 00:00:00`,
    );
    const due = events.find((event) => event.kind === 'events.DeadlineDue');
    expect(due?.value).toMatchObject({ responsible: KRIFA, triggerMessageId: inquiry.messageId });
    expect(DANISH_TIME.format(new Date(due?.value.dueAt ?? 0))).toBe(`${plusDays(today, 1)} 00:00:00`);
    expect(JSON.stringify(events)).not.toContain(scenarioCpr(3, 1));
  });

  it('raises each of them only once, also after the monitor restarts', async () => {
    hubServices.down(['monitor']);
    hubServices.up(['monitor'], settings);
    await new Promise((resolve) => setTimeout(resolve, 8_000)); // Several watch rounds.
    const records = await collect(kafka, TOPICS.events, ours, (seen) => seen.length >= 2, {
      settleMs: 3_000,
    });
    expect(records).toHaveLength(2);
  });

  it('mails the reminder and the overdue notice to the responsible mailboxes, once each', async () => {
    const reference = inquiry.messageId.slice(0, 8).toUpperCase();
    const ofInquiry = async () =>
      (await capturedMails(stackSettings().mailUiUrl)).filter(
        (mail) => mail.subject.startsWith('Frist') && mail.subject.includes(reference),
      );
    const mails = await eventually('the deadline mails in the mail sink', async () => {
      const seen = await ofInquiry();
      return seen.length >= 2 ? seen : undefined;
    });
    const overdue = mails.find((mail) => mail.subject.startsWith('Frist overskredet'));
    expect(overdue?.to.map((to) => to.address)).toEqual(['jobcenter@norddjurs.dk']);
    expect(overdue?.subject).toBe(`Frist overskredet ${inquiryDue}: svar på henvendelse – ref. ${reference}`);
    const reminder = mails.find((mail) => mail.subject.startsWith(`Frist ${today}:`));
    expect(reminder?.to.map((to) => to.address)).toEqual(['jobcentersamarbejde@krifa-akasse.example']);
    expect(reminder?.text).toContain('Send besked om risiko for langtidsledighed senest');
    expect(reminder?.text).toContain('hvis aftalens betingelse for den er opfyldt');
    for (const mail of mails) expect(`${mail.subject}\n${mail.text}`).not.toContain(scenarioCpr(3, 1));
    // The monitor restarted in between (previous test): still one mail per deadline event.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await ofInquiry()).toHaveLength(2);
  });

  it('shows the deadlines in the API and in the timeline', async () => {
    const api = monitorApi(hubServices.url('monitor', ''), hubServices.env('monitor').MONITOR_ADMIN_API_KEY);
    const overdue = await api.get<ExpectationPageDto>(
      '/api/deadlines?state=overdue&responsible=jobcenter:707&limit=1000',
    );
    const mine = overdue.body.items.filter((item) => item.triggerMessageId === inquiry.messageId);
    expect(mine).toEqual([
      expect.objectContaining({
        kind: 'inquiry-answer',
        state: 'overdue',
        overdueRaisedAt: expect.any(String) as string,
      }),
    ]);
    const detail = await api.get<ExchangeDetailDto>(`/api/exchanges/${recommendation.messageId}`);
    expect(detail.body.expectations.find((e) => e.kind === 'recommendation-decision')).toMatchObject({
      state: 'on_time',
      fulfilledBy: decision.messageId,
      dueRaisedAt: null,
      overdueRaisedAt: null,
    });
    const timeline = await eventually('the deadline steps in the timeline', async () => {
      const { body } = await api.get<TimelineDto>(`/api/exchanges/${inquiry.messageId}/timeline`);
      const steps = body.steps.map((step) => step.step);
      return steps.includes('deadline_due') && steps.includes('deadline_overdue') ? steps : undefined;
    });
    expect(timeline.filter((step) => step === 'deadline_overdue')).toHaveLength(1);
  });
});
