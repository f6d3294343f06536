import { PermanentError } from '@hub/common';
import { HubCodec, parseInboundTopic, PartnerMessageKind, PartyRef } from '@hub/contracts';
import { ConsumedRecord, Dispatch, TOO_LARGE } from '@hub/kafka';

import type { PartnerMessageValue } from '@hub/kinds';

import type { InboundMessage } from './inbound-message';

export interface SenderDirectory {
  /** The partner whose inbound topics carry this slug, or undefined if the hub does not know it. */
  bySlug(slug: string): PartyRef | undefined;
}

/**
 * Validate once, on every consume, in one place (handlers then trust what they get): topic → channel and sender, bytes →
 * a known message kind. Everything that fails here is permanent and goes to the poison path.
 */
export class InboundDecoder {
  constructor(
    private readonly codec: HubCodec,
    private readonly senders: SenderDirectory,
    /** Largest record (key, value and headers) accepted; see ROUTER_MAX_RECORD_BYTES. */
    private readonly maxRecordBytes: number,
  ) {}

  /** The partner that owns an inbound topic, if the hub knows it. */
  senderOf(topicName: string): PartyRef | undefined {
    const topic = parseInboundTopic(topicName);
    return topic ? this.senders.bySlug(topic.slug) : undefined;
  }

  decode(record: ConsumedRecord): Dispatch {
    const topic = parseInboundTopic(record.topic);
    if (!topic) throw new PermanentError('UNKNOWN_TOPIC', `${record.topic} is not an inbound topic`);
    const sender = this.senders.bySlug(topic.slug);
    if (!sender) {
      throw new PermanentError(
        'UNKNOWN_SENDER',
        `no partner in the agreements data publishes on ${record.topic}`,
      );
    }
    if (!record.value || record.value.length === 0) {
      throw new PermanentError('EMPTY_MESSAGE', 'the record has no value');
    }
    const size = recordSize(record);
    if (size > this.maxRecordBytes) {
      throw new PermanentError(
        TOO_LARGE,
        `the record is ${size} bytes (key, value and headers); the hub accepts at most ${this.maxRecordBytes}`,
      );
    }
    const decoded = this.codec.decode(record.value);
    if (decoded.kind.startsWith('routing.') || decoded.kind.startsWith('events.')) {
      throw new PermanentError(
        'NOT_A_PARTNER_MESSAGE',
        `${decoded.kind} is the hub's own message, not a partner's`,
      );
    }
    const message: InboundMessage = {
      kind: decoded.kind as PartnerMessageKind,
      value: decoded.value as unknown as PartnerMessageValue,
      channel: topic.channel,
      sender,
      record,
    };
    return { pattern: decoded.kind, data: message };
  }
}

/** Bytes of a record's key, value and headers, as the hub would have to carry them on. */
function recordSize(record: ConsumedRecord): number {
  let size = (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const [name, value] of Object.entries(record.rawHeaders)) {
    const values = Array.isArray(value) ? value : [value];
    for (const one of values)
      size += Buffer.byteLength(name) + (one === undefined ? 0 : Buffer.byteLength(one));
  }
  return size;
}
