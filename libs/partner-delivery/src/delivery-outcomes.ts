import { deterministicUuid } from '@hub/common';
import {
  HEADERS,
  HubCodec,
  MessageTypes,
  PartyKind,
  type ReasonCode,
  RoutedMessage,
  TOPICS,
} from '@hub/contracts';
import { ConsumedRecord, deadLetterRecord, OutgoingRecord } from '@hub/kafka';

import type { DeliveryQueueEntry } from '@hub/persistence';

/**
 * The records that tell the hub how a settled delivery ended, built from its queue row only, so that
 * publishing them again after a crash yields the same records (same event ids, same times):
 * delivered → events.DeliverySucceeded; failed for good → events.DeliveryFailed (permanent, the
 * partner's status and reason kept) and the routed record on the dead-letter topic, where a person can
 * see it and replay it once the partner has fixed its side; parked (kept failing transiently until
 * the partner's limit) → the same, with reason code DELIVERY_PARKED and the limit in the reason.
 *
 * A row queued again by a replayed dead letter that fails again gets a new DeliveryFailed event id
 * (the replay is part of it): the first failure's event was applied already, and this is another.
 */
export function outcomeRecords(codec: HubCodec, row: DeliveryQueueEntry): OutgoingRecord[] {
  const messageId = row.messageId ?? '';
  const receiver = { kind: row.receiverKind as PartyKind, id: row.receiverId };
  const at = (row.completedAt ?? new Date()).toISOString();
  const event = <K extends 'events.DeliverySucceeded' | 'events.DeliveryFailed'>(
    kind: K,
    value: MessageTypes[K],
  ): OutgoingRecord => ({
    topic: TOPICS.events,
    key: row.messageId ?? row.deliveryId,
    value: codec.encode(kind, value),
    headers: {
      [HEADERS.kind]: kind,
      ...(row.correlationId ? { [HEADERS.correlationId]: row.correlationId } : {}),
    },
  });
  switch (row.status) {
    case 'delivered':
      return [
        event('events.DeliverySucceeded', {
          eventId: deterministicUuid('DeliverySucceeded', row.deliveryId),
          routingId: row.deliveryId,
          messageId,
          receiver,
          attempts: row.attempts,
          partnerReference: row.partnerReference,
          deliveredAt: at,
        }),
      ];
    case 'failed':
    case 'parked': {
      const parked = row.status === 'parked';
      const reason = row.lastError ?? (parked ? 'parked' : 'partner refused the document');
      return [
        event('events.DeliveryFailed', {
          eventId: row.replayOf
            ? deterministicUuid('DeliveryFailed', row.deliveryId, row.replayOf)
            : deterministicUuid('DeliveryFailed', row.deliveryId),
          routingId: row.deliveryId,
          messageId,
          receiver,
          attempts: row.attempts,
          permanent: true,
          httpStatus: row.httpStatus,
          reason,
          failedAt: at,
        }),
        deadLetterRecord(
          sourceRecord(row),
          { code: parked ? DELIVERY_PARKED : 'PARTNER_REFUSED', text: reason },
          row.completedAt ?? undefined,
        ),
      ];
    }
    case 'pending':
      return [];
  }
}

/** The dead-letter reason code of a document parked after its partner's limit (parking-policy.ts). */
export const DELIVERY_PARKED = 'DELIVERY_PARKED' satisfies ReasonCode;

/** The routed record as it was consumed, rebuilt from the queue row (headers byte for byte). */
function sourceRecord(row: DeliveryQueueEntry): ConsumedRecord {
  const rawHeaders: Record<string, Buffer> = {};
  const headers: Record<string, string> = {};
  for (const [name, base64] of Object.entries(row.sourceHeaders ?? {})) {
    rawHeaders[name] = Buffer.from(base64, 'base64');
    headers[name] = rawHeaders[name].toString('utf8');
  }
  return {
    topic: row.sourceTopic,
    partition: row.sourcePartition,
    offset: row.sourceOffset,
    key: row.sourceKey,
    value: row.sourceValue,
    headers,
    timestamp: row.enqueuedAt.getTime(),
    rawHeaders,
  };
}

/**
 * The records of a routed message the delivery itself refuses before any partner sees it (a union
 * without the citizen's consent, union-consent.ts): events.DeliveryFailed (permanent, no HTTP status),
 * so the exchange log shows the delivery failed, and the routed record on the dead-letter topic with
 * the reason code and a reason a person can act on. Produced in the consuming transaction, with the
 * offset: nothing is queued, and a crash before the commit refuses the record again, the same way.
 */
export function refusalRecords(
  codec: HubCodec,
  routed: RoutedMessage,
  record: ConsumedRecord,
  refusal: { code: ReasonCode; text: string },
  now: Date = new Date(),
): OutgoingRecord[] {
  const correlationId = record.headers[HEADERS.correlationId];
  return [
    {
      topic: TOPICS.events,
      key: routed.messageId,
      value: codec.encode('events.DeliveryFailed', {
        eventId: deterministicUuid('DeliveryFailed', routed.routingId),
        routingId: routed.routingId,
        messageId: routed.messageId,
        receiver: routed.receiver,
        attempts: 0,
        permanent: true,
        httpStatus: null,
        reason: refusal.text,
        failedAt: now.toISOString(),
      }),
      headers: {
        [HEADERS.kind]: 'events.DeliveryFailed',
        ...(correlationId ? { [HEADERS.correlationId]: correlationId } : {}),
      },
    },
    deadLetterRecord(record, refusal, now),
  ];
}
