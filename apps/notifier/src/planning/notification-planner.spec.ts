import type { ExchangeRouted } from '@hub/contracts';

import type { DigestPolicy, NotificationDirectory } from './notification-directory';
import { planNotifications, referenceOf } from './notification-planner';

const CPR = '010190-0000';

const MAILBOXES: Record<string, string> = {
  'jobcenter:707': 'jobcenter@norddjurs.dk',
  'akasse:HK': 'jobcentersamarbejde@hk-akasse.example',
};
const NAMES: Record<string, string> = {
  'jobcenter:707': 'Jobcenter Norddjurs',
  'akasse:HK': 'HK Danmarks A-kasse',
};

/** Seed 001 as the planner sees it: Norddjurs with a daily digest and a 5-working-day decision target. */
const directory: NotificationDirectory = {
  mailboxOf: (party) => MAILBOXES[`${party.kind}:${party.id}`],
  nameOf: (party) => NAMES[`${party.kind}:${party.id}`] ?? party.id,
  agreementTitle: () => 'Samarbejdsaftale mellem Jobcenter Norddjurs og a-kassen',
  digestPolicy: (agreementId): DigestPolicy => (agreementId === 'norddjurs-akasse-2024' ? 'daily' : 'none'),
  dueDate: (kind) =>
    kind === 'beskedmodul.EarlyOfferRecommendation' ? { dueOn: '2025-02-17', workingDays: 5 } : undefined,
  deadlineTarget: () => undefined,
};

function routed(overrides: Partial<ExchangeRouted>): ExchangeRouted {
  return {
    eventId: 'e',
    messageId: '613fb710-2a90-5ace-b4e6-c4e000f79c5a',
    correlationId: null,
    causationId: null,
    kind: 'beskedmodul.EarlyOfferRecommendation',
    channel: 'beskedmodul',
    sender: { kind: 'akasse', id: 'HK' },
    receivers: [{ kind: 'jobcenter', id: '707' }],
    routingIds: ['r'],
    agreementId: 'norddjurs-akasse-2024',
    clauseRef: 'norddjurs-akasse-2024#tilbud-indstilling',
    verdict: 'deliver',
    findings: [],
    expectations: [],
    citizenPseudonym: 'p',
    exchangeDate: '2025-02-10',
    queuedAt: '2025-02-10T09:30:00.000Z',
    routedAt: '2025-02-10T09:30:01.000Z',
    sourceTopic: 't',
    sourcePartition: 0,
    sourceOffset: '1',
    ...overrides,
  };
}

describe(planNotifications.name, () => {
  it('mails at once what the receiver must act on by a date, even under an agreement with a daily digest', () => {
    const [mail] = planNotifications(routed({}), directory);
    expect(mail.delivery).toBe('immediate');
    expect(mail.mailbox).toBe('jobcenter@norddjurs.dk');
    expect(mail.subject).toBe(
      `Ny indstilling om tidligt tilbud fra HK Danmarks A-kasse – ref. ${referenceOf(mail.messageIds[0])}`,
    );
    expect(mail.text).toContain('Frist: 2025-02-17 (5 arbejdsdage efter modtagelse)');
  });

  it('holds for the daily digest what has no deadline under an agreement that asks for a digest', () => {
    const [mail] = planNotifications(
      routed({
        kind: 'beskedmodul.EarlyOfferDecision',
        sender: { kind: 'jobcenter', id: '707' },
        receivers: [{ kind: 'akasse', id: 'HK' }],
        findings: [
          {
            code: 'RESPONSE_LATE',
            severity: 'deliver_and_flag',
            agreementId: 'norddjurs-akasse-2024',
            clauseRef: 'seed 001, Tilbud',
            messageDa: 'Svaret kom efter 7 arbejdsdage.',
            messageEn: 'The answer came after 7 working days.',
          },
        ],
      }),
      directory,
    );
    expect(mail.delivery).toBe('digest');
    expect(mail.mailbox).toBe('jobcentersamarbejde@hk-akasse.example');
    expect(mail.digestItem).toEqual({
      reference: '613FB710',
      messageId: '613fb710-2a90-5ace-b4e6-c4e000f79c5a',
      what: 'afgørelse på indstilling om tidligt tilbud',
      action: 'Orienter dig om afgørelsen.',
      senderName: 'Jobcenter Norddjurs',
      receiverName: 'HK Danmarks A-kasse',
      channel: 'beskedmodul',
      due: null,
      agreementTitle: 'Samarbejdsaftale mellem Jobcenter Norddjurs og a-kassen',
      clauseRef: 'norddjurs-akasse-2024#tilbud-indstilling',
      findings: [{ code: 'RESPONSE_LATE', messageDa: 'Svaret kom efter 7 arbejdsdage.' }],
    });
  });

  it('mails every exchange at once under an agreement without a digest, and outside any agreement', () => {
    expect(
      planNotifications(
        routed({ kind: 'beskedmodul.Handover', agreementId: 'viborg-lo-ftf-2020' }),
        directory,
      )[0].delivery,
    ).toBe('immediate');
    expect(
      planNotifications(routed({ kind: 'beskedmodul.Handover', agreementId: null }), directory)[0].delivery,
    ).toBe('immediate');
  });

  it('plans one mail per receiver with a mailbox, with a mail id that is the same every time', () => {
    const event = routed({
      receivers: [
        { kind: 'jobcenter', id: '707' },
        { kind: 'company', id: '12345674' },
      ],
    });
    const mails = planNotifications(event, directory);
    expect(mails).toHaveLength(1);
    expect(planNotifications(event, directory)[0].mailId).toBe(mails[0].mailId);
  });

  it('writes no CPR number anywhere, whatever the findings say', () => {
    const mails = planNotifications(routed({}), directory);
    for (const mail of mails) {
      const everything = JSON.stringify(mail);
      expect(everything).not.toContain(CPR);
      expect(everything).not.toContain(CPR.replace('-', ''));
    }
  });
});
