import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { KpiPageDto, ThroughputDto } from './api.dto';
import { API_KEY_SCHEME, ApiKeyGuard, CurrentPrincipal } from './api-key.guard';
import type { Principal } from './api-keys';
import { KpiService } from './kpi.service';
import { params, RawQuery } from './query-params';

/** Key figures per agreement and month, and the live throughput, for managers and the dashboard. */
@ApiTags('kpis')
@ApiSecurity(API_KEY_SCHEME)
@ApiUnauthorizedResponse({ description: 'No or an unknown x-api-key' })
@Controller('api')
@UseGuards(ApiKeyGuard)
export class KpisController {
  constructor(private readonly kpis: KpiService) {}

  @Get('kpis')
  @ApiOperation({
    summary: 'KPIs per agreement and month',
    description:
      'Volumes, deadlines answered on time and their share, median and 90th percentile response time in Danish ' +
      'working days, overdue now, rejections by reason. A partner key counts only its own exchanges.',
  })
  @ApiQuery({ name: 'agreement', required: false, example: 'norddjurs-akasse-2024' })
  @ApiQuery({ name: 'from', required: false, example: '2025-01', description: 'First month, YYYY-MM' })
  @ApiQuery({ name: 'to', required: false, example: '2025-12', description: 'Last month, YYYY-MM' })
  @ApiOkResponse({ type: KpiPageDto })
  kpi(@CurrentPrincipal() principal: Principal, @Query() query: RawQuery): Promise<KpiPageDto> {
    params.only(query, ['agreement', 'from', 'to']);
    return this.kpis.kpis(principal, {
      agreement: params.text('agreement', query.agreement),
      from: params.month('from', query.from),
      to: params.month('to', query.to),
    });
  }

  @Get('throughput')
  @ApiOperation({ summary: 'Exchanges routed, rejected and delivered per minute, the last minutes' })
  @ApiQuery({ name: 'minutes', required: false, example: 60, description: '1 to 1440, default 60' })
  @ApiOkResponse({ type: ThroughputDto })
  throughput(@CurrentPrincipal() principal: Principal, @Query() query: RawQuery): Promise<ThroughputDto> {
    params.only(query, ['minutes']);
    return this.kpis.throughput(principal, params.limit('minutes', query.minutes, 60, 1440));
  }
}
