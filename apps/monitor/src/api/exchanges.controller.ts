import { Controller, Get, NotFoundException, Param, Query, UseGuards } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { ExchangeDetailDto, ExchangePageDto, ExpectationPageDto, TimelineDto } from './api.dto';
import { API_KEY_SCHEME, ApiKeyGuard, CurrentPrincipal } from './api-key.guard';
import type { Principal } from './api-keys';
import { ExchangeQueryService } from './exchange-query.service';
import { params, RawQuery } from './query-params';

const STATUSES = ['routed', 'delivered', 'delivery_failed', 'rejected'] as const;
const DEADLINE_STATES = ['open', 'overdue', 'answered'] as const;
const EXCHANGE_FILTERS = [
  'agreement',
  'party',
  'kind',
  'finding',
  'status',
  'pseudonym',
  'from',
  'to',
  'limit',
  'offset',
] as const;

/**
 * Read access to the exchange log. Rows carry a pseudonym, never a CPR number. A partner's key sees
 * only exchanges it sent or received; anything else answers 404, as if it did not exist.
 */
@ApiTags('exchanges')
@ApiSecurity(API_KEY_SCHEME)
@ApiUnauthorizedResponse({ description: 'No or an unknown x-api-key' })
@Controller('api')
@UseGuards(ApiKeyGuard)
export class ExchangesController {
  constructor(private readonly exchanges: ExchangeQueryService) {}

  @Get('exchanges')
  @ApiOperation({ summary: 'Exchanges, newest first, filtered' })
  @ApiQuery({ name: 'agreement', required: false, example: 'norddjurs-akasse-2024' })
  @ApiQuery({ name: 'party', required: false, example: 'akasse:3F', description: 'Sender or receiver' })
  @ApiQuery({ name: 'kind', required: false, example: 'beskedmodul.EarlyOfferRecommendation' })
  @ApiQuery({ name: 'finding', required: false, example: 'RESPONSE_LATE', description: 'A finding code' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'pseudonym', required: false, description: "The citizen's pseudonym" })
  @ApiQuery({
    name: 'from',
    required: false,
    example: '2025-03-01',
    description: 'Danish exchange date, inclusive',
  })
  @ApiQuery({
    name: 'to',
    required: false,
    example: '2025-03-31',
    description: 'Danish exchange date, inclusive',
  })
  @ApiQuery({ name: 'limit', required: false, example: 100, description: '1 to 1000, default 100' })
  @ApiQuery({ name: 'offset', required: false, example: 0, description: '0 to 1000000, default 0' })
  @ApiOkResponse({ type: ExchangePageDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: RawQuery): Promise<ExchangePageDto> {
    params.only(query, EXCHANGE_FILTERS);
    const items = await this.exchanges.list(principal, {
      agreement: params.text('agreement', query.agreement),
      party: params.party('party', query.party),
      kind: params.text('kind', query.kind),
      finding: params.text('finding', query.finding),
      status: params.oneOf('status', query.status, STATUSES),
      pseudonym: params.text('pseudonym', query.pseudonym),
      from: params.date('from', query.from),
      to: params.date('to', query.to),
      limit: params.limit('limit', query.limit, 100, 1000),
      offset: params.offset('offset', query.offset),
    });
    return { items };
  }

  @Get('exchanges/:messageId')
  @ApiOperation({ summary: 'One exchange, with the deadlines it created' })
  @ApiOkResponse({ type: ExchangeDetailDto })
  @ApiNotFoundResponse({ description: 'No such exchange (or not a party to it)' })
  async one(
    @CurrentPrincipal() principal: Principal,
    @Param('messageId') messageId: string,
    @Query() query: RawQuery,
  ): Promise<ExchangeDetailDto> {
    params.only(query, []);
    const found = await this.exchanges.one(principal, params.uuid('messageId', messageId));
    if (!found) throw new NotFoundException(`no exchange with message id ${messageId}`);
    return found;
  }

  @Get('exchanges/:messageId/timeline')
  @ApiOperation({ summary: "One exchange's timeline: queued, routed, delivered, answered, deadlines, mails" })
  @ApiOkResponse({ type: TimelineDto })
  @ApiNotFoundResponse({ description: 'No such exchange (or not a party to it)' })
  async timeline(
    @CurrentPrincipal() principal: Principal,
    @Param('messageId') messageId: string,
    @Query() query: RawQuery,
  ): Promise<TimelineDto> {
    params.only(query, []);
    const found = await this.exchanges.timeline(principal, params.uuid('messageId', messageId));
    if (!found) throw new NotFoundException(`no exchange with message id ${messageId}`);
    return found;
  }

  @Get('deadlines')
  @ApiOperation({ summary: 'Deadlines created by exchanges (agreement targets), by state' })
  @ApiQuery({ name: 'state', required: false, enum: DEADLINE_STATES, description: 'Default: every state' })
  @ApiQuery({ name: 'agreement', required: false })
  @ApiQuery({ name: 'responsible', required: false, example: 'jobcenter:707' })
  @ApiQuery({ name: 'limit', required: false, example: 100, description: '1 to 1000, default 100' })
  @ApiOkResponse({ type: ExpectationPageDto })
  async deadlines(
    @CurrentPrincipal() principal: Principal,
    @Query() query: RawQuery,
  ): Promise<ExpectationPageDto> {
    params.only(query, ['state', 'agreement', 'responsible', 'limit']);
    const items = await this.exchanges.expectations(principal, {
      state: params.oneOf('state', query.state, DEADLINE_STATES),
      agreement: params.text('agreement', query.agreement),
      responsible: params.party('responsible', query.responsible),
      limit: params.limit('limit', query.limit, 100, 1000),
    });
    return { items };
  }
}
