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
import { DataSource } from 'typeorm';

import { DeadLetterDto, DeadLetterPageDto } from './api.dto';
import { API_KEY_SCHEME, ApiKeyGuard, CurrentPrincipal } from './api-key.guard';
import type { Principal } from './api-keys';
import { params, RawQuery } from './query-params';
import { iso, SqlParams } from './sql';

interface DeadLetterRow {
  dead_letter_id: string;
  source_topic: string | null;
  source_partition: number | null;
  source_offset: string | null;
  sender_slug: string | null;
  kind: string | null;
  message_id: string | null;
  reason_code: string;
  reason_text: string;
  rejected_at: Date;
}

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
    const sql = new SqlParams();
    const where = ['TRUE'];
    if (principal.role === 'partner') where.push(`d.sender_slug = ${sql.p(partySlug(principal.party))}`);
    const reason = params.text('reason', query.reason);
    if (reason) where.push(`d.reason_code = ${sql.p(reason)}`);
    const rows: DeadLetterRow[] = await this.dataSource.query(
      `SELECT d.* FROM dead_letter d WHERE ${where.join(' AND ')}
        ORDER BY d.rejected_at DESC, d.dead_letter_id LIMIT ${sql.p(params.limit('limit', query.limit, 100, 1000))}`,
      sql.values,
    );
    return { items: rows.map(toDeadLetter) };
  }
}

function toDeadLetter(row: DeadLetterRow): DeadLetterDto {
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
