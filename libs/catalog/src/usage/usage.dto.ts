import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';

export class UsageQueryDto {
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from is a date YYYY-MM-DD' })
  @ApiPropertyOptional({ description: 'First day (China Standard Time), default 30 days ago' })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to is a date YYYY-MM-DD' })
  @ApiPropertyOptional({ description: 'Last day, default today' })
  to?: string;

  @IsOptional()
  @Matches(/^[0-9A-Z]{18}$/)
  consumer?: string;

  @IsOptional()
  @Matches(/^[1-3][0-9]{5}[0-9]{0,6}\/[0-9]{6}$/)
  resource?: string;

  @IsOptional()
  @Matches(/^[0-9A-Z]{18}$/)
  @ApiPropertyOptional({ description: 'Operators only: one provider’s resources' })
  provider?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  offset?: number;
}
