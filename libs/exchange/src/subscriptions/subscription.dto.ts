import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
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
import { DELIVERY_MODES, type DeliveryMode } from './subscription';

export class RowFilterDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @Matches(/^[1-9][0-9](?:[0-9]{2}){0,2}$/, {
    each: true,
    message: 'each division must be a GB/T 2260 code or prefix of 2, 4 or 6 digits',
  })
  @ApiProperty({ example: ['440103'] })
  divisions!: string[];
}

export class CreateSubscriptionDto {
  @Matches(/^[1-3][0-9]{5}[0-9]{0,6}\/[0-9]{6}$/, { message: 'resource must be a catalog resource code such as 101001/000001' })
  @ApiProperty({ example: '101001/000001' })
  resource!: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(/^cn\.gov\.hutong\.[a-z0-9-]+(\.[a-z0-9-]+)+\.v[0-9]+$/, {
    each: true,
    message: 'each event type must look like cn.gov.hutong.<resource>.<entity>.<action>.v1',
  })
  @ApiPropertyOptional({ description: 'Event types to receive; default all of the resource' })
  eventTypes?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => RowFilterDto)
  @ApiPropertyOptional({ type: RowFilterDto, description: 'Only rows in these divisions (within what the grant allows)' })
  rowFilter?: RowFilterDto;

  @IsIn(DELIVERY_MODES)
  @ApiProperty({
    enum: DELIVERY_MODES,
    description: 'kafka: to your topic hutong.delivery.{agencyCode}; feed: GET …/events or …/stream',
  })
  delivery!: DeliveryMode;

  @IsOptional()
  @IsIn(['now', 'beginning'])
  @ApiPropertyOptional({
    enum: ['now', 'beginning'],
    description: 'Start after the newest event (default) or from the oldest retained one',
  })
  start?: 'now' | 'beginning';
}

export class FeedQueryDto {
  @IsOptional()
  @IsString()
  @Length(1, 64)
  @ApiPropertyOptional({ description: 'The `next` cursor of the previous page; default: where you last read up to' })
  after?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60)
  @ApiPropertyOptional({ description: 'Seconds to wait for events when there are none yet (long poll)' })
  wait?: number;
}
