import { Controller } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { HandlerResult } from '@hub/kafka';

/** The pattern the decoder gives hub events the exchange log does not project (a newer kind). */
export const IGNORED_EVENT_PATTERN = 'monitor.ignored';

/** Events the log has no use for are passed over (and counted as `ignored`), not dead-lettered. */
@Controller()
export class IgnoredEvents {
  @EventPattern(IGNORED_EVENT_PATTERN)
  ignore(): HandlerResult {
    return { outcome: 'ignored', records: [] };
  }
}
