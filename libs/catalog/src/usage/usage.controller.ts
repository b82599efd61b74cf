import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@hutong/identity';
import { Access, validationProblem } from '@hutong/platform';
import { AGENCIES_AND_OPERATORS } from '../catalog-access';
import { chinaDate } from '../requests/working-days';
import { Metering } from './metering';
import { UsageQueryDto } from './usage.dto';
import { UsageRepository, type UsageRow } from './usage.repository';

const DAY_MS = 24 * 3600 * 1000;

@ApiTags('catalog')
@Access(AGENCIES_AND_OPERATORS)
@Controller('catalog/usage')
export class UsageController {
  constructor(
    private readonly usage: UsageRepository,
    private readonly metering: Metering,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Reads per consumer × resource × day (records returned, requests): operators see all, providers the use of their resources (共享使用补偿, performance assessment)',
  })
  async query(
    @Query() query: UsageQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ from: string; to: string; items: UsageRow[] }> {
    const to = query.to ?? chinaDate(new Date());
    const from = query.from ?? chinaDate(new Date(Date.now() - 30 * DAY_MS));
    if (from > to) throw validationProblem([{ field: 'from', rule: 'order', message: 'from must not be after to' }]);
    if (caller.kind === 'agency' && query.provider !== undefined && query.provider !== caller.principalId) {
      throw validationProblem([{ field: 'provider', rule: 'own', message: 'providers see the use of their own resources only' }]);
    }
    await this.metering.flush();
    const items = await this.usage.query({
      from,
      to,
      ...(query.consumer ? { consumer: query.consumer } : {}),
      ...(query.resource ? { resource: query.resource } : {}),
      ...(caller.kind === 'agency' ? { provider: caller.principalId } : query.provider ? { provider: query.provider } : {}),
      limit: query.limit ?? 1000,
      offset: query.offset ?? 0,
    });
    return { from, to, items };
  }
}
