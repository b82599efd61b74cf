import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PRINCIPAL_STATUSES, type PrincipalStatus } from '../principals/principal';
import { AGENCY_LEVELS, AGENCY_ROLES, ALIAS_REASONS, type AgencyLevel, type AgencyRole, type AliasReason } from './agency';
import { IsCreditCode, IsCurrentDivisionCode } from './gb-code.validators';

export class ContactDto {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @IsOptional()
  @Matches(/^[0-9+()\- ]{3,32}$/, { message: 'phone may contain digits, spaces and + ( ) - only (3–32 characters)' })
  phone?: string;

  @IsOptional()
  @IsEmail()
  email?: string;
}

export class AliasInputDto {
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  validFrom?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  validTo?: string;

  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class CreateAgencyDto {
  /** 统一社会信用代码 (GB 32100, 18 characters with check character). Also the agency's client id. */
  @IsCreditCode()
  @ApiProperty({ example: '11440100006107286E' })
  code!: string;

  @IsString()
  @Length(1, 200)
  @ApiProperty({ example: '广州市公安局' })
  name!: string;

  @IsIn(AGENCY_LEVELS)
  @ApiProperty({ enum: AGENCY_LEVELS })
  level!: AgencyLevel;

  /** Credit code of the agency above this one. */
  @IsOptional()
  @IsCreditCode()
  parentCode?: string;

  /** GB/T 2260 division the agency serves (a current code). */
  @IsCurrentDivisionCode()
  @ApiProperty({ example: '440100' })
  divisionCode!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(AGENCY_ROLES, { each: true })
  @ApiProperty({ enum: AGENCY_ROLES, isArray: true })
  roles!: AgencyRole[];

  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;

  /** Other names the agency is known by, e.g. its names before a reorganisation. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AliasInputDto)
  aliases?: AliasInputDto[];
}

export class UpdateAgencyDto {
  /** A new official name; the previous one is kept as an alias valid until now. */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @IsOptional()
  @IsIn(AGENCY_LEVELS)
  @ApiProperty({ enum: AGENCY_LEVELS, required: false })
  level?: AgencyLevel;

  /** Credit code of the new parent, or null to detach. */
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsCreditCode()
  @ApiProperty({ type: String, nullable: true, required: false })
  parentCode?: string | null;

  @IsOptional()
  @IsCurrentDivisionCode()
  divisionCode?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(AGENCY_ROLES, { each: true })
  @ApiProperty({ enum: AGENCY_ROLES, isArray: true, required: false })
  roles?: AgencyRole[];

  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;

  /** active ↔ suspended; either → retired (final). Suspension takes effect on the next request. */
  @IsOptional()
  @IsIn(PRINCIPAL_STATUSES)
  @ApiProperty({ enum: PRINCIPAL_STATUSES, required: false })
  status?: PrincipalStatus;

  /** With status "retired": the agency this one was merged into; its names become the successor's aliases. */
  @IsOptional()
  @IsCreditCode()
  successorCode?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AliasInputDto)
  addAliases?: AliasInputDto[];
}

export class AgencyQueryDto {
  /** A credit code (exact) or part of a name, current or former, simplified or traditional. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @IsOptional()
  @IsIn(AGENCY_LEVELS)
  @ApiProperty({ enum: AGENCY_LEVELS, required: false })
  level?: AgencyLevel;

  /** Credit code of the parent agency. */
  @IsOptional()
  @IsCreditCode()
  parent?: string;

  @IsOptional()
  @IsIn(PRINCIPAL_STATUSES)
  @ApiProperty({ enum: PRINCIPAL_STATUSES, required: false })
  status?: PrincipalStatus;

  @IsOptional()
  @IsIn(AGENCY_ROLES)
  @ApiProperty({ enum: AGENCY_ROLES, required: false })
  role?: AgencyRole;

  /** GB/T 2260 prefix (2, 4 or 6 digits): 44 Guangdong, 4401 Guangzhou. */
  @IsOptional()
  @Matches(/^(\d{2}|\d{4}|\d{6})$/, { message: 'division must be 2, 4 or 6 digits' })
  division?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'cursor must be a nextCursor value from a previous page' })
  cursor?: string;
}

export class AliasDto {
  name!: string;
  validFrom!: string | null;
  validTo!: string | null;
  @ApiProperty({ enum: ALIAS_REASONS })
  reason!: AliasReason;
  note!: string | null;
}

export class AgencyDto {
  code!: string;
  name!: string;
  @ApiProperty({ enum: AGENCY_LEVELS })
  level!: AgencyLevel;
  parentCode!: string | null;
  divisionCode!: string;
  /** Name of the division in the current GB/T 2260 list. */
  divisionName!: string | null;
  @ApiProperty({ enum: AGENCY_ROLES, isArray: true })
  roles!: AgencyRole[];
  @ApiProperty({ enum: PRINCIPAL_STATUSES })
  status!: PrincipalStatus;
  contact!: ContactDto;
  successorCode!: string | null;
  @ApiProperty({ type: [AliasDto] })
  aliases!: AliasDto[];
  /** Increases with every change; send it back as If-Match: "<version>" to avoid lost updates. */
  version!: number;
  createdAt!: string;
  updatedAt!: string;
}

export class AgencyPageDto {
  @ApiProperty({ type: [AgencyDto] })
  items!: AgencyDto[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor!: string | null;
}
