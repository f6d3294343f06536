import { MessageCodec } from './codec/message-codec';
import type { MessageKind, MessageTypes } from './generated/messages';

/** The codec typed with the generated message map: encode('x.Y', value) only compiles for a Y value. */
export type HubCodec = MessageCodec<MessageTypes>;

export function loadHubCodec(schemasDir?: string): HubCodec {
  return MessageCodec.load<MessageTypes>(schemasDir);
}

export type PartnerMessageKind = Exclude<MessageKind, `routing.${string}` | `events.${string}`>;
