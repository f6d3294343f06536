import { Controller } from '@nestjs/common';
import { ChunkEntry, HandlerResult, HandlesChunk } from '@hub/kafka';

/** The pattern the decoder gives hub events the exchange log does not project (a newer kind). */
export const IGNORED_EVENT_PATTERN = 'monitor.ignored';

const IGNORED: HandlerResult = { outcome: 'ignored', records: [] };

/** Events the log has no use for are passed over (and counted as `ignored`), not dead-lettered. */
@Controller()
export class IgnoredEvents {
  @HandlesChunk(IGNORED_EVENT_PATTERN)
  ignore(entries: readonly ChunkEntry[]): HandlerResult[] {
    return entries.map(() => IGNORED);
  }
}
