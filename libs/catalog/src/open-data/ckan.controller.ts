import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '@hutong/platform';
import { ckanSuccess, type CkanSuccess } from './ckan-envelope';
import { CkanErrorFilter } from './ckan-error.filter';
import type { CkanOrganization, CkanPackage } from './ckan-package';
import { CkanService, type CkanStatus, type PackageSearchResult } from './ckan.service';
import { OpenDataIris } from './open-data-iris';

/** CKAN actions take loose, CKAN-specific parameters; CkanService reads them as CKAN's validators do. */
type ActionParameters = Record<string, unknown>;

const CKAN_ERROR_SCHEMA = {
  type: 'object',
  required: ['help', 'success', 'error'],
  properties: {
    help: { type: 'string' },
    success: { type: 'boolean', enum: [false] },
    error: {
      type: 'object',
      required: ['__type', 'message'],
      properties: { __type: { type: 'string' }, message: { type: 'string' } },
      additionalProperties: { type: 'array', items: { type: 'string' } },
    },
  },
};
const ID = ApiQuery({ name: 'id', required: true, type: String });

/**
 * The CKAN Action API subset, for CKAN harvesters and clients: public like the DCAT catalog, and
 * answering in CKAN's envelope and error shapes rather than problem+json.
 */
@ApiTags('open-data')
@Access({ public: true })
@UseFilters(CkanErrorFilter)
@ApiResponse({
  status: 404,
  description: 'CKAN "Not Found Error" (CKAN\'s error shape, not problem+json)',
  schema: CKAN_ERROR_SCHEMA,
})
@ApiResponse({ status: 409, description: 'CKAN "Validation Error" with per-field messages', schema: CKAN_ERROR_SCHEMA })
@Controller('api/3/action')
export class CkanController {
  constructor(
    private readonly ckan: CkanService,
    private readonly iris: OpenDataIris,
  ) {}

  @Get('package_search')
  @ApiOperation({ summary: 'CKAN package_search over the open catalog (q, fq, sort, rows ≤ 1000, start)' })
  @ApiQuery({ name: 'q', required: false, type: String, description: 'Free text, or a fielded query like fq' })
  @ApiQuery({ name: 'fq', required: false, type: String, example: 'metadata_modified:[2024-01-01T00:00:00Z TO *]' })
  @ApiQuery({ name: 'sort', required: false, type: String, example: 'id asc' })
  @ApiQuery({ name: 'rows', required: false, type: 'integer', description: 'Default 10, at most 1000' })
  @ApiQuery({ name: 'start', required: false, type: 'integer' })
  async packageSearch(@Query() query: ActionParameters): Promise<CkanSuccess<PackageSearchResult>> {
    return ckanSuccess(this.iris, 'package_search', await this.ckan.packageSearch(query));
  }

  @Get('package_show')
  @ApiOperation({ summary: 'CKAN package_show by package id or name' })
  @ID
  async packageShow(@Query() query: ActionParameters): Promise<CkanSuccess<CkanPackage>> {
    return ckanSuccess(this.iris, 'package_show', await this.ckan.packageShow(query));
  }

  @Get('package_list')
  @ApiOperation({ summary: 'CKAN package_list: the names of all open packages' })
  async packageList(@Query() query: ActionParameters): Promise<CkanSuccess<string[]>> {
    return ckanSuccess(this.iris, 'package_list', await this.ckan.packageList(query));
  }

  @Get('organization_list')
  @ApiOperation({ summary: 'CKAN organization_list: provider agencies with open entries (all_fields=true for dicts)' })
  @ApiQuery({ name: 'all_fields', required: false, type: Boolean })
  async organizationList(@Query() query: ActionParameters): Promise<CkanSuccess<string[] | CkanOrganization[]>> {
    return ckanSuccess(this.iris, 'organization_list', await this.ckan.organizationList(query));
  }

  @Get('organization_show')
  @ApiOperation({ summary: 'CKAN organization_show by id (credit code) or name' })
  @ID
  async organizationShow(@Query() query: ActionParameters): Promise<CkanSuccess<CkanOrganization>> {
    return ckanSuccess(this.iris, 'organization_show', await this.ckan.organizationShow(query));
  }

  @Get('status_show')
  @ApiOperation({ summary: 'CKAN status_show, with the ckan_version whose API shapes are followed' })
  statusShow(): CkanSuccess<CkanStatus> {
    return ckanSuccess(this.iris, 'status_show', this.ckan.statusShow());
  }
}
