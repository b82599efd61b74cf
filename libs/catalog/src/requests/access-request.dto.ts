import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsInstant } from '../instants';
import { ITEM_CODE_PATTERN } from '../resources/resource.dto';
import { PURPOSES, REQUEST_STATES, type Purpose } from './access-request';

export class RowScopeDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @Matches(/^[1-9][0-9](?:[0-9]{2}){0,2}$/, {
    each: true,
    message: 'each division must be a GB/T 2260 code or prefix of 2, 4 or 6 digits (44, 4401, 440103)',
  })
  @ApiProperty({ example: ['440103', '440104'], description: 'GB/T 2260 division codes or prefixes of the entry’s scope item' })
  divisions!: string[];
}

export class QuotaDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  @ApiPropertyOptional({ description: 'Records returned per day (Asia/Shanghai)' })
  recordsPerDay?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  @ApiPropertyOptional({ description: 'Read requests per day (Asia/Shanghai)' })
  requestsPerDay?: number;
}

export class CreateAccessRequestDto {
  @IsIn(PURPOSES)
  @ApiProperty({ enum: PURPOSES, description: '使用用途: 行政依据 / 工作参考 / 数据校核 / 业务协同' })
  purpose!: Purpose;

  @IsString()
  @Length(1, 2000)
  @ApiProperty({ description: 'Legal or business basis (法律法规依据 / 业务依据)' })
  basis!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @Matches(ITEM_CODE_PATTERN, { each: true, message: 'each item must be an item code of the entry' })
  @ApiProperty({ example: ['citizen_id', 'name', 'marital_status'], description: '信息项 codes requested' })
  items!: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => RowScopeDto)
  @ApiPropertyOptional({ type: RowScopeDto, description: 'Rows requested; absent = all rows' })
  rowScope?: RowScopeDto;

  @IsOptional()
  @IsInstant()
  @ApiPropertyOptional({ description: 'Start of the period; default now' })
  validFrom?: string;

  @IsInstant()
  @ApiProperty({ description: 'End of the period requested' })
  validTo!: string;

  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;

  @IsOptional()
  @IsBoolean()
  @ApiPropertyOptional({ description: 'For a 不予共享 entry: ask the sharing authority to coordinate (Art. 14)' })
  escalate?: boolean;
}

/** An approval may narrow the request: fewer items, a smaller row scope, a shorter period, a quota. */
export class ApprovalDto {
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @Matches(ITEM_CODE_PATTERN, { each: true, message: 'each item must be an item code of the entry' })
  @ApiPropertyOptional({ description: 'Approved items; default all requested' })
  items?: string[];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @Matches(ITEM_CODE_PATTERN, { each: true, message: 'each masked item must be an approved item code' })
  @ApiPropertyOptional({
    description:
      'Approved items the consumer may read only masked (e.g. a citizen ID as 440103********123X); each must be approved',
  })
  maskedItems?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => RowScopeDto)
  @ApiPropertyOptional({ type: RowScopeDto })
  rowScope?: RowScopeDto;

  @IsOptional()
  @IsInstant()
  validFrom?: string;

  @IsOptional()
  @IsInstant()
  validTo?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => QuotaDto)
  @ApiPropertyOptional({ type: QuotaDto })
  quota?: QuotaDto;

  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class DecisionDto extends ApprovalDto {
  @IsIn(['approve', 'refuse'])
  @ApiProperty({ enum: ['approve', 'refuse'], description: 'The coordinated decision (协调结果)' })
  outcome!: 'approve' | 'refuse';

  @IsString()
  @Length(1, 2000)
  @ApiProperty({ description: 'The basis of the coordinated decision' })
  reason!: string;
}

export class OptionalReasonDto {
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export class AccessRequestQueryDto {
  @IsOptional()
  @IsIn(['consumer', 'provider'])
  @ApiPropertyOptional({ enum: ['consumer', 'provider'], description: 'Agencies: your requests or your inbox; default consumer' })
  as?: 'consumer' | 'provider';

  @IsOptional()
  @Matches(new RegExp(`^(${REQUEST_STATES.join('|')})(,(${REQUEST_STATES.join('|')}))*$`), {
    message: `state must be one or more of ${REQUEST_STATES.join(', ')}, comma-separated`,
  })
  state?: string;

  @IsOptional()
  @Matches(/^[1-3][0-9]{5}[0-9]{0,6}\/[0-9]{6}$/)
  resource?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  @ApiPropertyOptional({ description: 'Only requests past their answer deadline (pending or escalated)' })
  overdue?: 'true' | 'false';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}
