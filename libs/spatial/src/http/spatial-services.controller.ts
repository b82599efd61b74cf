import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@hutong/identity';
import { Access } from '@hutong/platform';
import { REGISTRY_READERS } from '@hutong/registries';
import { SpatialServices } from '../features/spatial-services';
import type { Feature } from '../features/feature-views';
import { GeocodeQueryDto, NearestQueryDto, PointQueryDto } from './spatial-services.dto';

@ApiTags('registries: spatial')
@Controller('registries/spatial')
@Access(REGISTRY_READERS)
export class SpatialServicesController {
  constructor(private readonly services: SpatialServices) {}

  @Get('locate')
  @ApiOperation({ summary: 'The divisions (province, prefecture, county) containing a point' })
  locate(@Query() query: PointQueryDto, @CurrentCaller() caller: Caller): Promise<{ divisions: Record<string, unknown>[] }> {
    return this.services.locate(caller, query);
  }

  @Get('addresses/geocode')
  @ApiOperation({ summary: 'Address → point: standard addresses containing the text, as GeoJSON features' })
  async geocode(
    @Query() query: GeocodeQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ type: 'FeatureCollection'; features: Feature[] }> {
    return { type: 'FeatureCollection', features: await this.services.geocode(caller, query.address, query.limit ?? 10) };
  }

  @Get(':collectionId/nearest')
  @ApiOperation({ summary: 'Addresses or service points within a radius of a point, nearest first, with distance_m' })
  async nearest(
    @Param('collectionId') collectionId: string,
    @Query() query: NearestQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ type: 'FeatureCollection'; features: Feature[] }> {
    const features = await this.services.nearest(caller, collectionId, query, query.radius ?? 500, query.limit ?? 10);
    return { type: 'FeatureCollection', features };
  }
}
