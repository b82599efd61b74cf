import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, negotiate, platformProblem } from '@hutong/platform';
import { DcatQueryDto } from './dcat-query.dto';
import { DcatService } from './dcat.service';
import { toJsonLd } from './json-ld-writer';

import { toTurtle } from './turtle-writer';

const JSON_LD = 'application/ld+json';
const TURTLE = 'text/turtle';
/** Plain JSON clients get the JSON-LD document under the type they asked for. */
const OFFERED = [JSON_LD, TURTLE, 'application/json'] as const;

@ApiTags('open-data')
@Controller('catalog')
export class DcatController {
  constructor(private readonly dcat: DcatService) {}

  @Get('dcat')
  @Access({ public: true })
  @ApiOperation({
    summary: 'The open catalog as DCAT-AP 3 (JSON-LD, or Turtle on Accept: text/turtle), paged with Hydra',
    description:
      'Published entries open to the public (开放属性). Follow hydra:next from the hydra:PartialCollectionView to page; modified_since gives incremental harvests.',
  })
  @ApiProduces(...OFFERED)
  @ApiOkResponse({ description: 'One page of the catalog' })
  async catalog(
    @Query() query: DcatQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const type = negotiate(accept, OFFERED);
    if (type === undefined) {
      throw platformProblem('not-acceptable', `The catalog is available as ${OFFERED.join(', ')}.`);
    }
    const quads = await this.dcat.page(query);
    void reply.header('vary', 'Accept');
    if (type === TURTLE) {
      void reply.header('content-type', `${TURTLE}; charset=utf-8`);
      return toTurtle(quads);
    }
    void reply.header('content-type', type);
    return JSON.stringify(toJsonLd(quads));
  }
}
