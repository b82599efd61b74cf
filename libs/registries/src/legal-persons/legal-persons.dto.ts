import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../kit/registry.dto';
import { LEGAL_PERSON_STATUSES } from './legal-person.definition';

export class LegalPersonSearchDto extends PageQueryDto {
  @IsOptional()
  @IsString()
  @Length(2, 100)
  @ApiPropertyOptional({ description: 'Part of a current or former name (simplified or traditional), at least 2 characters' })
  name?: string;

  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'divisionCode is a 6-digit GB/T 2260 code' })
  @ApiPropertyOptional({ description: 'Registered division or any division above it' })
  divisionCode?: string;

  @IsOptional()
  @IsIn(LEGAL_PERSON_STATUSES)
  @ApiPropertyOptional({ enum: LEGAL_PERSON_STATUSES })
  status?: string;

  @IsOptional()
  @Matches(/^[A-T]([0-9]{2}([0-9]{1,2})?)?$/, { message: 'industry is a GB/T 4754 code such as I or I65' })
  industry?: string;
}

export class LegalPersonVerificationDto {
  @IsString()
  @ApiProperty({ example: '91440101MA5CXXXX0X' })
  creditCode!: string;

  @IsString()
  @Length(1, 200)
  name!: string;

  @IsOptional()
  @IsString()
  @Length(1, 50)
  legalRepresentative?: string;
}
