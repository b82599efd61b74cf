import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@hutong/identity';
import { Access } from '@hutong/platform';
import { AGENCIES, AGENCIES_AND_OPERATORS } from '../catalog-access';
import { CatalogError } from '../catalog.errors';
import { ResourceCode, ResourceCodeParams, RESOURCE_PATH } from '../resources/resource-code.param';
import { ResourceService } from '../resources/resource.service';
import type { Entitlement } from './entitlement';
import { EntitlementService } from './entitlement.service';
import type { Grant } from './grant';
import { EntitlementQueryDto, GrantQueryDto } from './grant.dto';
import { GrantRepository } from './grant.repository';

const DEFAULT_PAGE_SIZE = 50;

@ApiTags('grants')
@Access(AGENCIES_AND_OPERATORS)
@Controller()
export class GrantsController {
  constructor(
    private readonly grants: GrantRepository,
    private readonly entitlements: EntitlementService,
    private readonly resources: ResourceService,
  ) {}

  @Get('grants')
  @ApiOperation({ summary: 'Grants you hold (as=consumer), grants on your resources (as=provider), or — operators — all' })
  async list(@Query() query: GrantQueryDto, @CurrentCaller() caller: Caller): Promise<{ items: Grant[] }> {
    const items = await this.grants.list({
      party: caller.kind === 'operator' ? { as: 'operator' } : { as: query.as ?? 'consumer', agency: caller.principalId },
      ...(query.resource ? { resourceCode: query.resource } : {}),
      ...(query.status ? { status: query.status } : {}),
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      offset: query.offset ?? 0,
    });
    return { items };
  }

  @Get('grants/:id')
  @ApiOperation({ summary: 'One grant; only its consumer, its provider and operators see it' })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentCaller() caller: Caller): Promise<Grant> {
    const grant = await this.grants.find(id);
    const party =
      caller.kind === 'operator' || caller.principalId === grant?.consumerCode || caller.principalId === grant?.providerCode;
    if (!grant || !party) throw new CatalogError('grant_not_found', `There is no grant ${id} you may see.`);
    return grant;
  }

  @Get(`${RESOURCE_PATH}/entitlement`)
  @Access(AGENCIES)
  @ResourceCodeParams()
  @ApiOperation({
    summary:
      'What you may read of a resource now: the projection and row scope, or the reason you may not (no_grant, expired, …)',
  })
  async entitlement(
    @ResourceCode() code: string,
    @Query() query: EntitlementQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<Entitlement> {
    await this.resources.visible(caller, code);
    const decision = await this.entitlements.check({
      principal: { id: caller.principalId, kind: caller.kind },
      resourceCode: code,
      ...(query.items ? { items: query.items.split(',') } : {}),
      ...(query.divisions ? { divisions: query.divisions.split(',') } : {}),
    });
    if (!decision) throw new CatalogError('resource_not_found', `There is no catalog entry ${code} you may see.`);
    return decision;
  }
}
