import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
import { DATASET_CODE_PATTERN } from '../registration/dataset';

const ITEM_LIST = /^[a-z][a-z0-9_]{0,62}(,[a-z][a-z0-9_]{0,62})*$/;
const RESOURCE_CODE = /^[1-3][0-9]{5}[0-9]{0,6}\/[0-9]{6}$/;
/** The identity library's principal codes: an agency's credit code. */
const AGENCY_CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{1,63}$/;
/** Most keys one batch lookup takes (keys go in bodies, not URLs, so they stay out of proxy logs). */
export const MAX_BATCH_KEYS = 1_000;
export const MAX_PAGE = 1_000;

export class DatasetParams {
  @Matches(AGENCY_CODE, { message: 'agency is an agency code (its 统一社会信用代码)' })
  agency!: string;

  @Matches(DATASET_CODE_PATTERN, { message: 'dataset is a lower-case code: letters, digits and -, 2–48 characters' })
  dataset!: string;
}

export class AgencyParams {
  @Matches(AGENCY_CODE, { message: 'agency is an agency code (its 统一社会信用代码)' })
  agency!: string;
}

export class RecordParams extends DatasetParams {
  @IsString()
  @Length(1, 1000)
  key!: string;
}

export class ImportParams extends DatasetParams {
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'id is an import id (UUID)' })
  id!: string;
}

export class RegisterDatasetDto {
  @Matches(DATASET_CODE_PATTERN, { message: 'code is lower-case letters, digits and -, 2–48 characters, starting with a letter' })
  @ApiProperty({ example: 'social-insurance', description: 'The dataset’s code in URLs, unique per agency' })
  code!: string;

  @Matches(RESOURCE_CODE, { message: 'resourceCode is a catalog resource code such as 203001/000001' })
  @ApiProperty({ example: '203001/000001', description: 'The published catalog entry whose 信息项 are the schema' })
  resourceCode!: string;
}

export class NewMajorDto {
  @Matches(RESOURCE_CODE, { message: 'resourceCode is a catalog resource code such as 203001/000002' })
  @ApiProperty({ example: '203001/000002', description: 'A new published catalog entry holding the next major’s schema' })
  resourceCode!: string;
}

export class MajorQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000)
  @ApiPropertyOptional({ description: 'The major version; default the newest. Pin it: a new major may break you.' })
  version?: number;
}

export class RecordReadDto extends MajorQueryDto {
  @IsOptional()
  @Matches(ITEM_LIST, { message: 'items is a comma-separated list of item codes' })
  @ApiPropertyOptional({
    description: 'Only these items (403 item_not_granted names any you may not read); default all you may read',
  })
  items?: string;

  @IsOptional()
  @IsInstant()
  @ApiPropertyOptional({ description: 'Answer as the dataset stood at this instant (RFC 3339)' })
  asOf?: string;
}

export class RecordQueryDto extends RecordReadDto {
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  @ApiPropertyOptional({
    description:
      "Conditions on indexed items joined by `and`: `item eq|lt|le|gt|ge|sw value`, `item in (v1, v2)`; text in single quotes. Example: `district eq '440103' and paid_months ge 12`",
  })
  filter?: string;

  @IsOptional()
  @Matches(/^-?[a-z][a-z0-9_]{0,62}$/, { message: 'sort is an indexed item code, - in front for descending' })
  @ApiPropertyOptional({ description: 'An indexed item (`-item`: descending); default key order' })
  sort?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,2000}$/, { message: 'cursor is the nextCursor of the previous page' })
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  @ApiPropertyOptional({ default: 100, maximum: MAX_PAGE })
  limit?: number;
}

export class RecordWriteDto {
  @IsObject()
  @ApiProperty({
    description: 'The whole record, item → value (items left out are cleared); key items may be included and must match the key',
    example: { insured_name: '张三', insurance_type: 'pension', paid_months: 36 },
  })
  record!: Record<string, unknown>;

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

export class WithdrawQueryDto extends MajorQueryDto {
  @IsString()
  @Length(1, 2000)
  @ApiProperty({ description: 'Why the record is withdrawn; kept in its history' })
  reason!: string;
}

export class ImportQueryDto extends MajorQueryDto {
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @ApiPropertyOptional({ description: 'Why the data changes; kept in every written version' })
  reason?: string;
}

export class ImportErrorsQueryDto extends MajorQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  afterLine?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  limit?: number;
}

export class BatchDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_KEYS)
  @IsString({ each: true })
  @Length(1, 1000, { each: true })
  @ApiProperty({ description: `Record keys, at most ${MAX_BATCH_KEYS}`, type: [String] })
  keys!: string[];

  @IsOptional()
  @IsArray()
  @Matches(/^[a-z][a-z0-9_]{0,62}$/, { each: true })
  @ApiPropertyOptional({ type: [String], description: 'Only these items; default all you may read' })
  items?: string[];

  @IsOptional()
  @IsInstant()
  @ApiPropertyOptional({ description: 'Answer as the dataset stood at this instant (RFC 3339)' })
  asOf?: string;
}

export function itemList(items: string | undefined): string[] | undefined {
  return items === undefined ? undefined : items.split(',');
}
