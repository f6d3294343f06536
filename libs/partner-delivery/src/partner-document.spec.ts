import { loadHubCodec, loadMessageExamples } from '@hub/contracts';
import type { ConsumedRecord } from '@hub/kafka';

import { documentForReceipt, documentForRouted, queuedDelivery } from './partner-document';
import { parseQueueKeys, QueueCipher } from './queue-cipher';

const codec = loadHubCodec();
const cipher = new QueueCipher(parseQueueKeys(`k1:${'ab'.repeat(32)}`), 'k1');
const examples = loadMessageExamples();
const routed = codec.fromJson('routing.RoutedMessage', examples.get('routing.RoutedMessage')?.json);
const receipt = codec.fromJson('routing.RejectionReceipt', examples.get('routing.RejectionReceipt')?.json);

function consumed(value: Buffer): ConsumedRecord {
  return {
    topic: 'hub.outbound.jobcenter.v1',
    partition: 4,
    offset: '17',
    key: Buffer.from('pseudonym'),
    value,
    headers: { 'hub-correlation-id': 'corr-1', 'hub-kind': 'routing.RoutedMessage' },
    timestamp: 0,
    rawHeaders: { 'hub-correlation-id': Buffer.from('corr-1'), 'hub-kind': 'routing.RoutedMessage' },
  };
}

describe(documentForRouted.name, () => {
  it("puts the message's fields and what the hub decided into the document, keyed by the routing id", () => {
    const message = codec.decode(routed.payload).value as { citizen: { cpr: string } };
    const document = documentForRouted(routed, message);
    expect(document).toMatchObject({
      documentType: 'message',
      deliveryId: routed.routingId,
      messageId: routed.messageId,
      kind: 'beskedmodul.EarlyOfferRecommendation',
      sender: routed.sender,
      receiver: { kind: 'jobcenter', id: '707' },
      agreement: { id: routed.agreementId, clause: routed.clauseRef },
      findings: [],
    });
    // The receiving caseworker needs the citizen: that exchange is by law (docs/domain.md, Data protection).
    expect((document.message as { citizen: { cpr: string } }).citizen.cpr).toBe(message.citizen.cpr);
  });
});

describe(documentForReceipt.name, () => {
  it('tells the sending partner why its message was not accepted, from the hub, keyed by the receipt id', () => {
    const document = documentForReceipt(receipt);
    expect(document).toMatchObject({
      documentType: 'rejection-receipt',
      deliveryId: receipt.receiptId,
      sender: { kind: 'hub', id: 'HUB' },
      receiver: receipt.receiver,
      rejection: { reasonCode: receipt.reasonCode, reasonText: receipt.reasonText },
    });
    expect(document.message).toBeUndefined();
  });
});

describe(queuedDelivery.name, () => {
  it('queues the exact body to send for the receiving partner, with the record kept for a dead letter', () => {
    const value = codec.encode('routing.RoutedMessage', routed);
    const document = documentForRouted(routed, codec.decode(routed.payload).value);
    const entry = queuedDelivery(document, consumed(value), cipher);
    expect(entry).toMatchObject({
      deliveryId: routed.routingId,
      partner: 'jobcenter:707',
      receiverKind: 'jobcenter',
      receiverId: '707',
      messageId: routed.messageId,
      documentType: 'message',
      correlationId: 'corr-1',
      sourceTopic: 'hub.outbound.jobcenter.v1',
      sourcePartition: 4,
      sourceOffset: '17',
      sourceKey: Buffer.from('pseudonym'),
      contentKeyId: 'k1',
    });
    // Sealed: nothing of the document or the record in clear, and both open with the key.
    expect(entry.body.toString('latin1')).not.toContain(routed.routingId);
    const opened = cipher.open(entry.body, 'k1', routed.routingId, 'body').toString();
    expect(JSON.parse(opened)).toEqual(JSON.parse(JSON.stringify(document)));
    expect(
      entry.sourceValue && cipher.open(entry.sourceValue, 'k1', routed.routingId, 'source_value'),
    ).toEqual(value);
    expect(Buffer.from(entry.sourceHeaders['hub-correlation-id'], 'base64').toString()).toBe('corr-1');
    expect(Buffer.from(entry.sourceHeaders['hub-kind'], 'base64').toString()).toBe('routing.RoutedMessage');
  });

  it('queues a receipt for a message that could not be read without a message id', () => {
    const document = documentForReceipt({ ...receipt, messageId: null });
    const entry = queuedDelivery(document, consumed(Buffer.from('x')), cipher);
    expect(entry.messageId).toBeNull();
    expect(entry.partner).toBe(`${receipt.receiver.kind}:${receipt.receiver.id}`);
  });
});
