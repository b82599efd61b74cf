import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsInstant } from '@hutong/catalog';
import { INDICATOR_TOPICS } from '../registry/indicators.definition';
import { VALUE_TYPES } from '../registry/observations.definition';
import { FREQUENCIES } from '../registry/periods';

const CODE_LIST = (item: string, max: number): RegExp => new RegExp(`^${item}(,${item}){0,${max - 1}}$`);
const PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2])|-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))?$/;

export class SeriesQueryDto {
  @IsString()
  @Matches(CODE_LIST('[A-Z][A-Z0-9_]{1,59}', 50), { message: 'indicator: 1–50 indicator codes, comma-separated' })
  @ApiProperty({ description: 'Indicator code(s), comma-separated', example: 'INTERNET_USERS,BROADBAND_PORTS_ADDED' })
  indicator!: string;

  @IsOptional()
  @Matches(CODE_LIST('\\d{6}', 100), { message: 'region: GB/T 2260 codes (six digits), comma-separated' })
  @ApiPropertyOptional({
    description: 'Region code(s) (GB/T 2260), comma-separated; all regions in your scope if left out',
    example: '440100',
  })
  region?: string;

  @IsOptional()
  @IsIn(FREQUENCIES)
  @ApiPropertyOptional({ enum: FREQUENCIES })
  frequency?: string;

  @IsOptional()
  @IsIn(VALUE_TYPES)
  @ApiPropertyOptional({ enum: VALUE_TYPES, description: 'ACTUAL values or plan TARGETs; both if left out' })
  valueType?: string;

  @IsOptional()
  @Matches(PERIOD, { message: 'from: a period (2015, 2015-Q1, 2015-01) or a date' })
  @ApiPropertyOptional({ description: 'First period wanted (periods overlapping it are in)', example: '2005' })
  from?: string;

  @IsOptional()
  @Matches(PERIOD, { message: 'to: a period (2020, 2020-Q4, 2020-12) or a date' })
  @ApiPropertyOptional({ description: 'Last period wanted', example: '2015' })
  to?: string;

  @IsOptional()
  @IsInstant()
  @ApiPropertyOptional({
    description: 'The values as published at this time (a past vintage)',
    example: '2026-01-01T00:00:00+08:00',
  })
  asOf?: string;
}

export class IndicatorListQueryDto {
  @IsOptional()
  @IsIn(Object.keys(INDICATOR_TOPICS))
  @ApiPropertyOptional({ enum: Object.keys(INDICATOR_TOPICS) })
  topic?: string;
}

export class AsOfQueryDto {
  @IsOptional()
  @IsInstant()
  @ApiPropertyOptional({ description: 'As the registry stood at this time' })
  asOf?: string;
}
