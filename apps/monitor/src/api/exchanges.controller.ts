import {
  BadRequestException,
  Controller,
  Get,
  NotFoundException,
  Param,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ExchangeLogEntry } from '@hub/persistence';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, Repository } from 'typeorm';

import { ApiKeyGuard } from './api-key.guard';

interface ExchangeQuery {
  kind?: string;
  agreement?: string;
  status?: string;
  pseudonym?: string;
  limit?: string;
}

/** Read access to the exchange log. Rows carry a pseudonym, never a CPR number. */
@Controller('api/exchanges')
@UseGuards(ApiKeyGuard)
export class ExchangesController {
  constructor(@InjectRepository(ExchangeLogEntry) private readonly exchanges: Repository<ExchangeLogEntry>) {}

  @Get()
  async list(@Query() query: ExchangeQuery): Promise<{ items: ExchangeLogEntry[] }> {
    const limit = query.limit === undefined ? 100 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new BadRequestException('limit must be a whole number from 1 to 1000');
    }
    const where: FindOptionsWhere<ExchangeLogEntry> = {};
    if (query.kind) where.kind = query.kind;
    if (query.agreement) where.agreementId = query.agreement;
    if (query.status) where.status = query.status;
    if (query.pseudonym) where.citizenPseudonym = query.pseudonym;
    const items = await this.exchanges.find({ where, order: { updatedAt: 'DESC' }, take: limit });
    return { items };
  }

  @Get(':messageId')
  async one(@Param('messageId') messageId: string): Promise<ExchangeLogEntry> {
    if (!/^[0-9a-f-]{36}$/.test(messageId)) throw new BadRequestException('messageId must be a UUID');
    const found = await this.exchanges.findOneBy({ messageId });
    if (!found) throw new NotFoundException(`no exchange with message id ${messageId}`);
    return found;
  }
}
