import { deterministicUuid } from '@hub/common';
import { HEADERS, loadHubCodec, TOPICS } from '@hub/contracts';

import { DELIVERY_PARKED, outcomeRecords } from './delivery-outcomes';
import type { DeliveryQueueEntry } from '@hub/persistence';

const codec = loadHubCodec();

function row(overrides: Partial<DeliveryQueueEntry>): DeliveryQueueEntry {
  return {
    deliveryId: '4fa42f84-9e70-5819-97a1-92e7c8fe2438',
    seq: '1',
    partner: 'jobcenter:707',
    receiverKind: 'jobcenter',
    receiverId: '707',
    messageId: '613fb710-2a90-5ace-b4e6-c4e000f79c5a',
    documentType: 'message',
    correlationId: 'corr-1',
    body: Buffer.from('sealed'),
    contentKeyId: 'k1',
    status: 'delivered',
    attempts: 3,
    nextAttemptAt: new Date('2025-03-03T08:00:00.000Z'),
    lastError: null,
    httpStatus: 200,
    partnerReference: 'SIM-00000001',
    enqueuedAt: new Date('2025-03-03T08:00:00.000Z'),
    completedAt: new Date('2025-03-03T08:00:05.000Z'),
    eventPublished: false,
    firstFailedAt: null,
    replayOf: null,
    sourceTopic: 'hub.outbound.jobcenter.v1',
    sourcePartition: 2,
    sourceOffset: '41',
    sourceKey: Buffer.from('pseudonym'),
    sourceValue: Buffer.from([0xc3, 0x01, 0xff]),
    sourceHeaders: { [HEADERS.correlationId]: Buffer.from('corr-1').toString('base64') },
    ...overrides,
  };
}

describe(outcomeRecords.name, () => {
  it('turns a delivered document into a DeliverySucceeded event with a deterministic id', () => {
    const records = outcomeRecords(codec, row({}));
    expect(records).toHaveLength(1);
    expect(records[0].topic).toBe(TOPICS.events);
    expect(records[0].key).toBe('613fb710-2a90-5ace-b4e6-c4e000f79c5a');
    const event = codec.decode(records[0].value);
    expect(event.kind).toBe('events.DeliverySucceeded');
    expect(event.value).toEqual({
      eventId: deterministicUuid('DeliverySucceeded', '4fa42f84-9e70-5819-97a1-92e7c8fe2438'),
      routingId: '4fa42f84-9e70-5819-97a1-92e7c8fe2438',
      messageId: '613fb710-2a90-5ace-b4e6-c4e000f79c5a',
      receiver: { kind: 'jobcenter', id: '707' },
      attempts: 3,
      partnerReference: 'SIM-00000001',
      deliveredAt: '2025-03-03T08:00:05.000Z',
    });
  });

  it("turns a refusal into a permanent DeliveryFailed with the partner's status and reason, and a dead letter", () => {
    const reason = 'partner refused the document (422): unknown offer type';
    const [event, deadLetter] = outcomeRecords(
      codec,
      row({ status: 'failed', httpStatus: 422, lastError: reason }),
    );
    expect(codec.decode(event.value).value).toMatchObject({
      eventId: deterministicUuid('DeliveryFailed', '4fa42f84-9e70-5819-97a1-92e7c8fe2438'),
      permanent: true,
      httpStatus: 422,
      reason,
      attempts: 3,
      failedAt: '2025-03-03T08:00:05.000Z',
    });
    expect(deadLetter.topic).toBe(TOPICS.deadLetters);
    expect(deadLetter.key).toEqual(Buffer.from('pseudonym'));
    expect(deadLetter.value).toEqual(Buffer.from([0xc3, 0x01, 0xff]));
    expect(deadLetter.headers).toMatchObject({
      [HEADERS.correlationId]: Buffer.from('corr-1'),
      [HEADERS.reasonCode]: 'PARTNER_REFUSED',
      [HEADERS.reasonText]: reason,
      [HEADERS.sourceTopic]: 'hub.outbound.jobcenter.v1',
      [HEADERS.sourcePartition]: '2',
      [HEADERS.sourceOffset]: '41',
      [HEADERS.rejectedAt]: '2025-03-03T08:00:05.000Z',
    });
  });

  it('turns a parked document into a permanent DeliveryFailed naming the limit, and a DELIVERY_PARKED dead letter', () => {
    const reason =
      "parked after 3 attempts over 4 s: reached the partner's limit of 3 attempts; last: the partner answered HTTP 503";
    const [event, deadLetter] = outcomeRecords(
      codec,
      row({
        status: 'parked',
        httpStatus: 503,
        lastError: reason,
        firstFailedAt: new Date('2025-03-03T08:00:01Z'),
      }),
    );
    expect(codec.decode(event.value)).toMatchObject({
      kind: 'events.DeliveryFailed',
      value: { permanent: true, httpStatus: 503, reason, attempts: 3 },
    });
    expect(deadLetter.topic).toBe(TOPICS.deadLetters);
    expect(deadLetter.value).toEqual(Buffer.from([0xc3, 0x01, 0xff]));
    expect(deadLetter.headers).toMatchObject({
      [HEADERS.reasonCode]: DELIVERY_PARKED,
      [HEADERS.reasonText]: reason,
    });
  });

  it('gives the failure of a replayed document its own event id', () => {
    const failed = row({ status: 'parked', lastError: 'parked' });
    const replayed = row({
      status: 'parked',
      lastError: 'parked',
      replayOf: 'hub.internal.deadletter.v1/0/7',
    });
    const id = (entry: DeliveryQueueEntry) =>
      (codec.decode(outcomeRecords(codec, entry)[0].value).value as { eventId: string }).eventId;
    expect(id(replayed)).not.toBe(id(failed));
    expect(id(replayed)).toBe(id({ ...replayed }));
  });

  it('builds the same records when published again (a crash between publishing and marking)', () => {
    const failed = row({ status: 'failed', httpStatus: 400, lastError: 'no' });
    expect(outcomeRecords(codec, failed)).toEqual(outcomeRecords(codec, failed));
  });

  it('keys the event of a receipt for an unreadable message by its delivery id', () => {
    const [event] = outcomeRecords(codec, row({ messageId: null, documentType: 'rejection-receipt' }));
    expect(event.key).toBe('4fa42f84-9e70-5819-97a1-92e7c8fe2438');
    expect(codec.decode(event.value).value).toMatchObject({ messageId: '' });
  });
});
