import type { Channel, PartnerMessageKind, PartyRef } from '@hub/contracts';
import type { ConsumedRecord } from '@hub/kafka';

/** A decoded partner message and where it came from: what every router handler receives. */
export interface InboundMessage {
  kind: PartnerMessageKind;
  /** The decoded value; its type is the generated one for `kind`. */
  value: PartnerMessageValue;
  /** The channel and sender as established by the topic it arrived on, not by the payload. */
  channel: Channel;
  sender: PartyRef;
  record: ConsumedRecord;
}

/** The fields every partner message has (schemas/README.md: envelope first, citizen when about a person). */
export interface PartnerMessageValue {
  envelope: {
    messageId: string;
    correlationId: string | null;
    causationId: string | null;
    sender: PartyRef;
    receivers: PartyRef[];
    queuedAt: string;
  };
  citizen?: { cpr: string; unemploymentStartDate: string | null };
}
