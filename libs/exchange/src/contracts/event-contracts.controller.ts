import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access, notFound } from '@hutong/platform';
import { EventSchemas } from '../outbox/event-schemas';

const SCHEMA_CONTENT_TYPE = 'application/schema+json';

/**
 * Makes every event's `dataschema` resolvable: `{PUBLIC_BASE_URL}/contracts/events/<type>.json` is
 * the checked-in schema, byte for byte. Only names of the loaded set are served, so the parameter
 * never reaches the file system.
 */
@ApiTags('events')
@Controller('contracts/events')
export class EventContractsController {
  constructor(private readonly schemas: EventSchemas) {}

  @Get(':file')
  @Access({ public: true })
  @Header('content-type', SCHEMA_CONTENT_TYPE)
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: "The JSON Schema (draft 2020-12) of an event type's data: the target of its CloudEvents dataschema" })
  @ApiParam({
    name: 'file',
    description: 'The event type followed by .json',
    example: 'cn.gov.hutong.catalog.resource.published.v1.json',
  })
  @ApiProduces(SCHEMA_CONTENT_TYPE)
  @ApiOkResponse({
    description: 'The schema',
    content: { [SCHEMA_CONTENT_TYPE]: { schema: { type: 'object', additionalProperties: true } } },
  })
  schema(@Param('file') file: string): Buffer {
    const text = this.schemas.file(file);
    if (text === undefined) throw notFound(`There is no event schema called "${file}".`);
    // A Buffer goes out as is: a string would get `; charset=utf-8`, which JSON media types do not define.
    return Buffer.from(text, 'utf8');
  }
}
