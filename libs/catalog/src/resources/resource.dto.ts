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
import {
  ADMINISTRATIVE_LEVELS,
  CATEGORIES,
  FORMATS,
  ITEM_DATA_TYPES,
  SECURITY_LEVELS,
  SHARING_METHODS,
  SHARING_TYPES,
  UPDATE_CYCLES,
  type AdministrativeLevel,
  type Category,
  type ItemDataType,
  type ResourceFormat,
  type SecurityLevel,
  type SharingMethod,
  type SharingType,
  type UpdateCycle,
} from './resource';

export const ITEM_CODE_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
export const RESOURCE_CODE_PATTERN = /^[1-3][0-9]{5}[0-9]{0,6}\/[0-9]{6}$/;

export class ClassificationDto {
  @IsIn(CATEGORIES)
  @ApiProperty({ enum: CATEGORIES, description: '类: 基础 (base), 主题 (theme) or 部门 (department)' })
  category!: Category;

  @Matches(/^[0-9]{2}$/, { message: 'item (项) must be two digits' })
  @ApiProperty({ example: '01', description: '项, two digits (base: 01 人口, 02 法人单位, 03 自然资源和空间地理, …)' })
  item!: string;

  @Matches(/^[0-9]{3}$/, { message: 'group (目) must be three digits' })
  @ApiProperty({ example: '001', description: '目, three digits' })
  group!: string;

  @IsOptional()
  @Matches(/^[0-9]{1,6}$/, { message: 'detail (细目) must be one to six digits' })
  @ApiPropertyOptional({ description: '细目, one to six digits' })
  detail?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  @ApiPropertyOptional({ description: 'Label of 项; fixed for base and theme catalogs, required for department catalogs' })
  itemLabel?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  groupLabel?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  detailLabel?: string;
}

export class ResourceItemDto {
  @Matches(ITEM_CODE_PATTERN, { message: 'code must be lower-case letters, digits and _ (starting with a letter, ≤ 63)' })
  @ApiProperty({ example: 'citizen_id' })
  code!: string;

  @IsString()
  @Length(1, 100)
  @ApiProperty({ example: '公民身份号码' })
  name!: string;

  @IsIn(ITEM_DATA_TYPES)
  @ApiProperty({ enum: ITEM_DATA_TYPES })
  dataType!: ItemDataType;

  @IsOptional()
  @IsString()
  @Length(1, 1000)
  description?: string;

  @IsOptional()
  @IsBoolean()
  sensitive?: boolean;

  @IsIn(SHARING_TYPES)
  @ApiProperty({ enum: SHARING_TYPES, description: 'This item’s own 共享类型' })
  sharingType!: SharingType;

  @IsOptional()
  @IsBoolean()
  @ApiPropertyOptional({ description: 'Part of the record key' })
  key?: boolean;

  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  maxLength?: number;

  @IsOptional()
  @IsString()
  @Length(1, 500)
  pattern?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  enumValues?: string[];

  @IsOptional()
  @IsBoolean()
  @ApiPropertyOptional({ description: 'No two live records of a dataset may share a value (datasets index it)' })
  unique?: boolean;

  @IsOptional()
  @IsBoolean()
  @ApiPropertyOptional({ description: 'Consumers may filter and sort the dataset on it (datasets index it)' })
  indexed?: boolean;
}

export class SharingDto {
  @IsIn(SHARING_TYPES)
  @ApiProperty({ enum: SHARING_TYPES, description: '共享类型: 无条件共享 / 有条件共享 / 不予共享' })
  type!: SharingType;

  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @ApiPropertyOptional({ description: '共享条件' })
  conditions?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SHARING_METHODS, { each: true })
  @ApiProperty({ enum: SHARING_METHODS, isArray: true, description: '共享方式' })
  methods!: SharingMethod[];

  @IsOptional()
  @IsString()
  @Length(1, 1000)
  @ApiPropertyOptional({ description: 'Law, regulation or policy cited; required for conditional and none' })
  legalBasis?: string;
}

export class OpenAccessDto {
  @IsBoolean()
  @ApiProperty({ description: '是否向社会开放 (separate from sharing between agencies)' })
  open!: boolean;

  @IsOptional()
  @IsString()
  @Length(1, 2000)
  conditions?: string;
}

/** Everything a provider or operator writes about an entry (PUT replaces it as a whole). */
export class ResourceMetadataDto {
  @IsString()
  @Length(1, 200)
  @ApiProperty({ example: '人口基础信息' })
  name!: string;

  @ValidateNested()
  @Type(() => ClassificationDto)
  @ApiProperty({ type: ClassificationDto })
  classification!: ClassificationDto;

  @IsString()
  @Length(1, 4000)
  @ApiProperty({ description: '信息资源摘要' })
  summary!: string;

  @IsIn(FORMATS)
  @ApiProperty({ enum: FORMATS })
  format!: ResourceFormat;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ResourceItemDto)
  @ApiProperty({ type: [ResourceItemDto], description: '信息项' })
  items!: ResourceItemDto[];

  @ValidateNested()
  @Type(() => SharingDto)
  @ApiProperty({ type: SharingDto })
  sharing!: SharingDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => OpenAccessDto)
  @ApiPropertyOptional({ type: OpenAccessDto })
  openAccess?: OpenAccessDto;

  @IsIn(UPDATE_CYCLES)
  @ApiProperty({ enum: UPDATE_CYCLES })
  updateCycle!: UpdateCycle;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(RESOURCE_CODE_PATTERN, { each: true, message: 'each related resource must be a resource code like 101001/000001' })
  relatedResources?: string[];

  @IsIn(SECURITY_LEVELS)
  @ApiProperty({ enum: SECURITY_LEVELS, description: '等级保护 grade' })
  securityLevel!: SecurityLevel;

  @IsOptional()
  @IsBoolean()
  authoritativeSource?: boolean;

  @IsIn(ADMINISTRATIVE_LEVELS)
  @ApiProperty({ enum: ADMINISTRATIVE_LEVELS })
  administrativeLevel!: AdministrativeLevel;

  @IsOptional()
  @Matches(ITEM_CODE_PATTERN, { message: 'scopeItem must be the code of a division_code item' })
  @ApiPropertyOptional({ description: 'The division_code item that grant row scopes apply to' })
  scopeItem?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  keywords?: string[];
}

export class CreateResourceDto extends ResourceMetadataDto {
  /** Operators draft on behalf of a provider; agencies always draft for themselves. */
  @IsOptional()
  @Matches(/^[0-9A-Z]{18}$/, { message: 'providerCode must be an agency credit code' })
  @ApiPropertyOptional({ description: 'Operators only: the provider agency the entry is drafted for' })
  providerCode?: string;
}

export class ReasonDto {
  @IsString()
  @Length(1, 2000)
  @ApiProperty({ description: 'Why (shown to the provider and kept in the history)' })
  reason!: string;
}

export const RESOURCE_SORTS = ['relevance', 'name', 'published', 'updated', 'code'] as const;
export type ResourceSort = (typeof RESOURCE_SORTS)[number];

export class ResourceQueryDto {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @ApiPropertyOptional({ description: 'Full text over name, summary, items and keywords; simplified or traditional' })
  q?: string;

  @IsOptional()
  @Matches(/^[0-9A-Z]{18}$/)
  provider?: string;

  @IsOptional()
  @IsIn(CATEGORIES)
  // Explicit enums: inferred from the union type, their order follows the type checker's internals
  // and changes when unrelated files join the program.
  @ApiPropertyOptional({ enum: CATEGORIES })
  category?: Category;

  @IsOptional()
  @Matches(/^[1-3][0-9]{0,11}$/, { message: 'classification must be a code prefix such as 101 or 101001' })
  @ApiPropertyOptional({ description: 'Classification code prefix (类-项-目-细目), e.g. 101 for 基础/人口' })
  classification?: string;

  @IsOptional()
  @IsIn(SHARING_TYPES)
  @ApiPropertyOptional({ enum: SHARING_TYPES })
  sharingType?: SharingType;

  @IsOptional()
  @IsIn(['true', 'false'])
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  open?: 'true' | 'false';

  @IsOptional()
  @IsIn(UPDATE_CYCLES)
  @ApiPropertyOptional({ enum: UPDATE_CYCLES })
  updateCycle?: UpdateCycle;

  @IsOptional()
  @IsIn(FORMATS)
  @ApiPropertyOptional({ enum: FORMATS })
  format?: ResourceFormat;

  @IsOptional()
  @IsIn(ADMINISTRATIVE_LEVELS)
  @ApiPropertyOptional({ enum: ADMINISTRATIVE_LEVELS })
  level?: AdministrativeLevel;

  @IsOptional()
  @Type(() => Number)
  @IsIn(SECURITY_LEVELS)
  @ApiPropertyOptional({ enum: SECURITY_LEVELS, type: Number })
  securityLevel?: SecurityLevel;

  @IsOptional()
  @IsIn(['draft', 'submitted', 'published', 'retired'])
  @ApiPropertyOptional({ description: 'Operators and providers only; others see published and retired entries' })
  status?: 'draft' | 'submitted' | 'published' | 'retired';

  @IsOptional()
  @IsIn(RESOURCE_SORTS)
  @ApiPropertyOptional({ enum: RESOURCE_SORTS, description: 'Default relevance with q, else code' })
  sort?: ResourceSort;

  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @IsString()
  @Length(1, 500)
  cursor?: string;
}
