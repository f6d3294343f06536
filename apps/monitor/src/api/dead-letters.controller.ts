import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { partySlug } from '@hub/contracts';
import { DeadLetterRepository, StoredDeadLetter } from '@hub/persistence';
import { DataSource } from 'typeorm';

import { DeadLetterDto, DeadLetterPageDto } from './api.dto';
import { API_KEY_SCHEME, ApiKeyGuard, CurrentPrincipal } from './api-key.guard';
import type { Principal } from './api-keys';
import { params, RawQuery } from './query-params';
import { iso } from './sql';

/**
 * The dead letters: what the hub set aside and why (`hub deadletters replay --id` sends one back).
 * A partner's key sees those that came in on its own topics.
 */
@ApiTags('dead letters')
@ApiSecurity(API_KEY_SCHEME)
@ApiUnauthorizedResponse({ description: 'No or an unknown x-api-key' })
@Controller('api/deadletters')
@UseGuards(ApiKeyGuard)
export class DeadLettersController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Dead letters, newest first' })
  @ApiQuery({ name: 'reason', required: false, example: 'RECOMMENDATION_INCOMPLETE' })
  @ApiQuery({ name: 'limit', required: false, example: 100, description: '1 to 1000, default 100' })
  @ApiOkResponse({ type: DeadLetterPageDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: RawQuery): Promise<DeadLetterPageDto> {
    params.only(query, ['reason', 'limit']);
    const rows = await DeadLetterRepository.list(this.dataSource.manager, {
      senderSlug: principal.role === 'partner' ? partySlug(principal.party) : undefined,
      reasonCode: params.text('reason', query.reason),
      limit: params.limit('limit', query.limit, 100, 1000),
    });
    return { items: rows.map(toDeadLetter) };
  }
}

function toDeadLetter(row: StoredDeadLetter): DeadLetterDto {
  return {
    id: row.dead_letter_id,
    sourceTopic: row.source_topic,
    sourcePartition: row.source_partition,
    sourceOffset: row.source_offset,
    senderSlug: row.sender_slug,
    kind: row.kind,
    messageId: row.message_id,
    reasonCode: row.reason_code,
    reasonText: row.reason_text,
    rejectedAt: iso(row.rejected_at) ?? '',
  };
}
