import type {
  AnsweredMessage,
  Channel,
  CitizenCircumstances,
  PartnerMessageKind,
  PartyRef,
} from '@hub/contracts';

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
  citizen?: {
    cpr: string;
    unemploymentStartDate: string | null;
    /** Absent in values built before the field existed (e.g. `hub agreements judge` input). */
    circumstances?: CitizenCircumstances | null;
  };
  /** Answer kinds only: the message answered (schemas/common/AnsweredMessage.avsc). */
  inReplyTo?: AnsweredMessage | null;
}

/** A decoded partner message, with the channel and sender established by where it arrived. */
export interface PartnerMessage {
  kind: PartnerMessageKind;
  /** The decoded value; its type is the generated one for `kind`. */
  value: PartnerMessageValue;
  channel: Channel;
  sender: PartyRef;
}
