import {
  AuditedMessage,
  expectedDeliveries,
  FaultAudit,
  FINDINGS,
  findingsOf,
  foundNothing,
  orderBroken,
} from './audit';

const jobcentre = { kind: 'jobcenter', id: '707' };
const akasse = { kind: 'akasse', id: '3F' };

/** A routed message about a citizen, sent by the a-kasse to the jobcentre on one topic and key. */
function message(id: string, key = 'citizen-1', overrides: Partial<AuditedMessage> = {}): AuditedMessage {
  return {
    messageId: id,
    expect: { outcome: 'routed', flags: [] },
    publisher: akasse,
    receivers: [jobcentre],
    topic: 'hub.inbound.akasse.v1',
    key,
    aboutCitizen: true,
    ...overrides,
  };
}

describe('the fault audit, on what a run left behind', () => {
  it('finds a citizen whose messages arrived out of their publishing order, and only that citizen', () => {
    const workload = [message('a1'), message('b1', 'citizen-2'), message('a2'), message('b2', 'citizen-2')];
    expect(orderBroken(['a1', 'b2', 'a2', 'b1'], workload)).toEqual(['hub.inbound.akasse.v1|citizen-2']);
    expect(orderBroken(['b1', 'a1', 'b2', 'a2'], workload)).toEqual([]);
  });

  it('promises no order between messages about no citizen, and judges a copy seen twice by its first', () => {
    const jobOrders = [
      message('j1', 'j1', { aboutCitizen: false }),
      message('j2', 'j2', { aboutCitizen: false }),
    ];
    expect(orderBroken(['j2', 'j1'], jobOrders)).toEqual([]);
    expect(orderBroken(['a1', 'a2', 'a1'], [message('a1'), message('a2')])).toEqual([]);
  });

  it('expects a copy for each partner receiver, a receipt for a rejected partner sender, nothing for garbage', () => {
    const workload = [
      message('routed', 'c', { receivers: [jobcentre, { kind: 'hub', id: 'hub' }] }),
      message('rejected', 'c', { expect: { outcome: 'rejected', reason: 'RECOMMENDATION_INCOMPLETE' } }),
      message('garbage', 'c', { messageId: null, expect: { outcome: 'dead-letter', reason: 'UNDECODABLE' } }),
    ];
    expect(expectedDeliveries(workload)).toEqual([
      { messageId: 'routed', partner: 'jobcenter:707', documentType: 'message' },
      { messageId: 'rejected', partner: 'akasse:3F', documentType: 'rejection-receipt' },
    ]);
  });

  it('meets the targets only when every finding counts 0', () => {
    const none = { count: 0, examples: [] };
    const clean: FaultAudit = {
      messages: 10,
      deliveries: 8,
      mails: 5,
      lost: none,
      duplicatedRouting: none,
      duplicatedDeliveries: none,
      duplicatedLogRows: none,
      duplicatedMails: none,
      orderBroken: none,
      wrongOutcome: none,
    };
    expect(foundNothing(clean)).toBe(true);
    expect(Object.keys(findingsOf(clean))).toEqual([...FINDINGS]);
    for (const finding of FINDINGS)
      expect({ finding, met: foundNothing({ ...clean, [finding]: { count: 1, examples: ['x'] } }) }).toEqual({
        finding,
        met: false,
      });
  });
});
