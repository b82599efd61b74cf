import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../kit/registry.dto';

export class PersonSearchDto extends PageQueryDto {
  @IsOptional()
  @IsString()
  @Length(2, 50)
  @ApiPropertyOptional({ description: 'Part of a current or former name (simplified or traditional), at least 2 characters' })
  name?: string;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthDate is YYYY-MM-DD' })
  birthDate?: string;

  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'divisionCode is a 6-digit GB/T 2260 code' })
  @ApiPropertyOptional({ description: 'Household division or any division above it (440100 = all of Guangzhou)' })
  divisionCode?: string;
}

export class PersonVerificationDto {
  @IsString()
  @ApiProperty({ example: '440103199001010014' })
  citizenId!: string;

  @IsString()
  @Length(1, 50)
  name!: string;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthDate is YYYY-MM-DD' })
  birthDate?: string;
}
