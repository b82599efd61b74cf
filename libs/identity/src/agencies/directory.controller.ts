import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { Access } from '@hutong/platform';
import { AGENCY_LEVELS, AGENCY_ROLES, type AgencyLevel, type AgencyRole } from './agency';
import { AgencyService } from './agency.service';

export class DirectoryQueryDto {
  /** A credit code (exact) or part of a name, current or former, simplified or traditional. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @IsOptional()
  @IsIn(AGENCY_LEVELS)
  @ApiProperty({ enum: AGENCY_LEVELS, required: false })
  level?: AgencyLevel;

  @IsOptional()
  @IsIn(AGENCY_ROLES)
  @ApiProperty({ enum: AGENCY_ROLES, required: false })
  role?: AgencyRole;

  /** GB/T 2260 prefix (2, 4 or 6 digits). */
  @IsOptional()
  @Matches(/^(\d{2}|\d{4}|\d{6})$/, { message: 'division must be 2, 4 or 6 digits' })
  division?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'cursor must be a nextCursor value from a previous page' })
  cursor?: string;
}

export class DirectoryEntryDto {
  code!: string;
  name!: string;
  @ApiProperty({ enum: AGENCY_LEVELS })
  level!: AgencyLevel;
  parentCode!: string | null;
  divisionCode!: string;
  divisionName!: string | null;
  @ApiProperty({ enum: AGENCY_ROLES, isArray: true })
  roles!: AgencyRole[];
}

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
