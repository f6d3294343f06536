import { renderDashboard } from './dashboard-page';

describe('renderDashboard', () => {
  const cpr = '150285-0000';
  const html = renderDashboard(
    [
      {
        partner: 'jobcenter:707',
        down: false,
        received: [
          {
            receivedAt: '2026-01-05T10:00:00.000Z',
            idempotencyKey: 'k1',
            reference: 'SIM-00000001',
            deliveries: 1,
            signature: 't=1767607200,v1=00',
            document: {
              documentType: 'message',
              kind: 'beskedmodul.EarlyOfferRecommendation',
              messageId: '613fb710-2a90-5ace-b4e6-c4e000f79c5a',
              sender: { kind: 'akasse', id: 'HK' },
              findings: [{ code: 'RISK_NOTICE_LATE' }],
              message: { citizen: { cpr } },
            },
          },
        ],
        answers: [
          {
            answeredAt: '2026-01-05T10:00:03.000Z',
            kind: 'beskedmodul.EarlyOfferDecision',
            messageId: 'a',
            inReplyTo: '613fb710-2a90-5ace-b4e6-c4e000f79c5a',
            outcome: 'GRANTED',
            topic: 'hub.inbound.beskedmodul.jobcenter-707.v1',
            status: 'published',
          },
        ],
      },
      { partner: 'akasse:<HK>', down: true, received: [], answers: [] },
    ],
    undefined,
    new Date('2026-01-05T10:00:05.000Z'),
  );

  it('lists each partner by name with what it received and answered', () => {
    expect(html).toContain('Jobcenter Norddjurs');
    expect(html).toContain('beskedmodul.EarlyOfferRecommendation');
    expect(html).toContain('RISK_NOTICE_LATE');
    expect(html).toContain('beskedmodul.EarlyOfferDecision');
    expect(html).toContain('GRANTED');
    expect(html).toContain('NEDE');
  });

  it('shows no CPR number and escapes what partners sent', () => {
    expect(html).not.toContain(cpr);
    expect(html).not.toContain('<HK>');
    expect(html).toContain('&lt;HK&gt;');
  });
});
