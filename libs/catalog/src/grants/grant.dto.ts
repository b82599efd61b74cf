import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { GRANT_STATUSES, type GrantStatus } from './grant';

export class GrantQueryDto {
  @IsOptional()
  @IsIn(['consumer', 'provider'])
  @ApiPropertyOptional({ enum: ['consumer', 'provider'], description: 'Agencies: grants you hold, or grants on your resources' })
  as?: 'consumer' | 'provider';

  @IsOptional()
  @Matches(/^[1-3][0-9]{5}[0-9]{0,6}\/[0-9]{6}$/)
  resource?: string;

  @IsOptional()
  @IsIn(GRANT_STATUSES)
  @ApiPropertyOptional({ enum: GRANT_STATUSES })
  status?: GrantStatus;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export class EntitlementQueryDto {
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,62}(,[a-z][a-z0-9_]{0,62})*$/, { message: 'items is a comma-separated list of item codes' })
  @ApiPropertyOptional({ description: 'Items you want to read; default: everything you may read' })
  items?: string;

  @IsOptional()
  @Matches(/^[0-9]{6}(,[0-9]{6})*$/, { message: 'divisions is a comma-separated list of six-digit GB/T 2260 codes' })
  @ApiPropertyOptional({ description: 'Divisions of the rows you want to read' })
  divisions?: string;
}
