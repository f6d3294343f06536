import type { PartnerMessage } from '@hub/kinds';
import type { ConsumedRecord } from '@hub/kafka';

/** A decoded partner message and the record it came in: what every router handler receives. */
export interface InboundMessage extends PartnerMessage {
  record: ConsumedRecord;
}
