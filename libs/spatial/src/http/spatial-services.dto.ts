import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { CGCS2000_BOUNDS } from '@hutong/registries';

/** A decimal query value as a number; anything else (`0x71`, `1e2`, '') stays text and fails @IsNumber. */
const decimal = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,10}(\.\d{1,15})?$/.test(value) ? Number(value) : value,
  );

/** A point in CGCS2000 longitude/latitude, inside the CRS's area of use. */
export class PointQueryDto {
  @decimal()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(CGCS2000_BOUNDS.minLon)
  @Max(CGCS2000_BOUNDS.maxLon)
  @ApiProperty({ description: 'Longitude (CGCS2000 / CRS84), degrees east', example: 113.3245 })
  lon!: number;

  @decimal()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(CGCS2000_BOUNDS.minLat)
  @Max(CGCS2000_BOUNDS.maxLat)
  @ApiProperty({ description: 'Latitude, degrees north', example: 23.1291 })
  lat!: number;
}

export class NearestQueryDto extends PointQueryDto {
  @IsOptional()
  @decimal()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(5_000)
  @ApiPropertyOptional({ description: 'Search radius in metres (default 500, at most 5 000)' })
  radius?: number;

  @IsOptional()
  @decimal()
  @IsInt()
  @Min(1)
  @Max(100)
  @ApiPropertyOptional({ description: 'At most this many features (default 10)' })
  limit?: number;
}

export class GeocodeQueryDto {
  @IsString()
  @Length(2, 200)
  @ApiProperty({ description: 'The address, or part of it (at least two characters)', example: '天河路208号' })
  address!: string;

  @IsOptional()
  @decimal()
  @IsInt()
  @Min(1)
  @Max(50)
  @ApiPropertyOptional({ description: 'At most this many matches (default 10)' })
  limit?: number;
}
