import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsTimestamp } from './timestamp';

export const DCAT_PAGE_SIZE = 100;

/** ckanext-dcat's catalog endpoint parameters (snake_case, as its harvester sends them). */
export class DcatQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  @ApiPropertyOptional({ description: 'Page number, from 1', example: 1 })
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  @ApiPropertyOptional({ description: `Datasets per page (default ${DCAT_PAGE_SIZE})`, example: DCAT_PAGE_SIZE })
  page_size?: number;

  @IsOptional()
  @IsTimestamp()
  @ApiPropertyOptional({
    description: 'Only datasets changed at or after this time (ISO 8601; UTC when no offset is given)',
    example: '2024-01-01T00:00:00Z',
  })
  modified_since?: string;
}
