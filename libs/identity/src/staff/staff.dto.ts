import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotIn, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { PRINCIPAL_STATUSES, RESERVED_PRINCIPAL_CODES, type PrincipalStatus } from '../principals/principal';

const CODE_MESSAGE = 'code must be 2–64 characters: letters, digits, . _ - (starting with a letter or digit)';

export class CreateStaffDto {
  /** Login-style code, e.g. ops-wang or audit-li. */
  @Matches(/^[0-9A-Za-z][0-9A-Za-z._-]{1,63}$/, { message: CODE_MESSAGE })
  @IsNotIn(RESERVED_PRINCIPAL_CODES, {
    message: `code must not be one of ${RESERVED_PRINCIPAL_CODES.join(', ')}: they name Hutong itself in histories and events`,
  })
  code!: string;

  @IsString()
  @Length(1, 200)
  name!: string;
}

export class UpdateStaffDto {
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  /** active ↔ suspended; either → retired (final). */
  @IsOptional()
  @IsIn(PRINCIPAL_STATUSES)
  @ApiProperty({ enum: PRINCIPAL_STATUSES, required: false })
  status?: PrincipalStatus;
}

export class StaffQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Matches(/^[0-9A-Za-z][0-9A-Za-z._-]{1,63}$/, { message: 'cursor must be a nextCursor value from a previous page' })
  cursor?: string;
}

export class PrincipalDto {
  code!: string;
  @ApiProperty({ enum: ['agency', 'operator', 'reviewer'] })
  kind!: string;
  name!: string;
  @ApiProperty({ enum: PRINCIPAL_STATUSES })
  status!: PrincipalStatus;
  version!: number;
  createdAt!: string;
  updatedAt!: string;
}

export class PrincipalPageDto {
  @ApiProperty({ type: [PrincipalDto] })
  items!: PrincipalDto[];
  nextCursor!: string | null;
}
