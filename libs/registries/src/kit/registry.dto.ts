import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { IsInstant } from '@hutong/catalog';

/** Most keys one batch lookup takes (keys go in bodies, not URLs, so they stay out of proxy logs). */
export const MAX_BATCH_KEYS = 1_000;
const ITEM_LIST = /^[a-z][a-z0-9_]{0,62}(,[a-z][a-z0-9_]{0,62})*$/;

export class RecordWriteDto {
  @IsObject()
  @ApiProperty({
    description:
      'Attribute group → its items. Each group sent is replaced as a whole (an item left out is cleared); groups not sent are kept.',
    example: { residence: { residence_address: '广州市天河区体育西路1号', residence_division: '440106' } },
  })
  groups!: Record<string, Record<string, unknown>>;

  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @ApiPropertyOptional({ description: 'Why the record changes; kept in its history' })
  reason?: string;

  @IsOptional()
  @IsInstant()
  @ApiPropertyOptional({ description: 'When the source agency recorded the data (default: now)' })
  sourceTime?: string;
}

export class RecordReadQueryDto {
  @IsOptional()
  @Matches(ITEM_LIST, { message: 'items is a comma-separated list of item codes' })
  @ApiPropertyOptional({
    description: 'Only these items (403 item_not_granted names any you may not read); default all you may read',
  })
  items?: string;

  @IsOptional()
  @IsInstant()
  @ApiPropertyOptional({ description: 'Answer as the registry stood at this instant (RFC 3339)' })
  asOf?: string;
}

export class BatchLookupDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_KEYS)
  @IsString({ each: true })
  @ApiProperty({ description: `Record keys, at most ${MAX_BATCH_KEYS}`, type: [String] })
  keys!: string[];

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Matches(/^[a-z][a-z0-9_]{0,62}$/, { each: true })
  @ApiPropertyOptional({ type: [String], description: 'Only these items; default all you may read' })
  items?: string[];
}

export class PageQueryDto {
  @IsOptional()
  @Matches(ITEM_LIST, { message: 'items is a comma-separated list of item codes' })
  items?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  @ApiPropertyOptional({ default: 20, maximum: 200 })
  limit?: number;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: 'cursor is the nextCursor of the previous page' })
  cursor?: string;
}

export class CancelQueryDto {
  @IsString()
  @Length(1, 2000)
  @ApiProperty({ description: 'Why the record is cancelled (注销); kept in its history' })
  reason!: string;
}

export class DisputeDto {
  @Matches(/^[a-z][a-z0-9_]{0,62}$/)
  @ApiProperty({ description: 'The item (信息项) that looks wrong', example: 'residence_address' })
  item!: string;

  @IsString()
  @Length(1, 2000)
  @ApiProperty({ example: '当事人已于2026年迁至天河区，居住地址未更新' })
  reason!: string;
}

export class DisputeResolutionDto {
  @IsIn(['corrected', 'rejected'])
  @ApiProperty({ enum: ['corrected', 'rejected'] })
  outcome!: 'corrected' | 'rejected';

  @IsString()
  @Length(1, 2000)
  resolution!: string;
}

export class DisputeQueryDto {
  @IsOptional()
  @IsIn(['open', 'corrected', 'rejected'])
  state?: 'open' | 'corrected' | 'rejected';

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
  offset?: number;
}

export class ImportQueryDto {
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @ApiPropertyOptional({ description: 'Why the data changes; kept in every written version' })
  reason?: string;
}

export class ImportErrorsQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @ApiPropertyOptional({ description: 'Errors after this line (paging)' })
  afterLine?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  limit?: number;
}

export class InstallRegistryDto {
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { message: 'providerCode is the agency code (统一社会信用代码)' })
  @ApiProperty({ description: 'The authoritative provider agency' })
  providerCode!: string;

  @IsOptional()
  @IsObject()
  @ApiPropertyOptional({
    description: 'Attribute group → agencies that contribute it',
    example: { residence: ['11440100MB2C92110X'] },
  })
  contributors?: Record<string, string[]>;
}

/** `a,b` → ['a', 'b']. */
export function itemList(items: string | undefined): string[] | undefined {
  return items === undefined ? undefined : items.split(',');
}

export function cursorKey(cursor: string | undefined): string | undefined {
  return cursor === undefined ? undefined : Buffer.from(cursor, 'base64url').toString('utf8');
}
