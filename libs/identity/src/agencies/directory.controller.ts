import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags, PickType } from '@nestjs/swagger';
import { Access } from '@hutong/platform';
import { AgencyDto, AgencyQueryDto } from './agency.dto';
import { AgencyService } from './agency.service';

/** The directory's filters: those of the admin search, minus status (the directory lists active agencies only). */
export class DirectoryQueryDto extends PickType(AgencyQueryDto, ['q', 'level', 'role', 'division', 'limit', 'cursor'] as const) {}

export class DirectoryEntryDto extends PickType(AgencyDto, [
  'code',
  'name',
  'level',
  'parentCode',
  'divisionCode',
  'divisionName',
  'roles',
] as const) {}

export class DirectoryPageDto {
  @ApiProperty({ type: [DirectoryEntryDto] })
  items!: DirectoryEntryDto[];
  nextCursor!: string | null;
}

/** Agencies find each other (who provides what, whom to ask): active agencies only, no contact details. */
@ApiTags('directory')
@Access({ kinds: ['agency'], scopes: ['catalog'] })
@Controller('directory/agencies')
export class DirectoryController {
  constructor(private readonly agencies: AgencyService) {}

  @Get()
  @ApiOperation({ summary: 'Search the directory of active agencies' })
  @ApiOkResponse({ type: DirectoryPageDto })
  async search(@Query() query: DirectoryQueryDto): Promise<DirectoryPageDto> {
    const page = await this.agencies.search({ ...query, status: 'active' });
    return {
      items: page.items.map(({ code, name, level, parentCode, divisionCode, divisionName, roles }) => ({
        code,
        name,
        level,
        parentCode,
        divisionCode,
        divisionName,
        roles,
      })),
      nextCursor: page.nextCursor,
    };
  }
}
