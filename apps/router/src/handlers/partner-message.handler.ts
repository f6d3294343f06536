import { Controller } from '@nestjs/common';
import { PARTNER_KINDS } from '@hub/kinds';
import { ChunkEntry, HandlerResult, HandlesChunk } from '@hub/kafka';

import type { InboundMessage } from '../inbound/inbound-message';
import { RoutingService } from '../routing/routing.service';

/**
 * Every partner message kind is judged and routed the same way; what differs per kind is which facts
 * it carries for the rules, and that is its file in libs/kinds (the registry is typed so that a kind
 * without one does not compile). Start-up fails if a kind in schemas/ has no handler.
 */
export const ROUTED_KINDS = PARTNER_KINDS;

@Controller()
export class PartnerMessageHandler {
  constructor(private readonly routing: RoutingService) {}

  @HandlesChunk(ROUTED_KINDS)
  route(entries: readonly ChunkEntry<InboundMessage>[]): HandlerResult[] {
    return entries.map((entry) => this.routing.route(entry.data));
  }
}
