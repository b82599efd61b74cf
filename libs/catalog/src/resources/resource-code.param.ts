import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CatalogError } from '../catalog.errors';
import { RESOURCE_CODE_PATTERN } from './resource.dto';

/**
 * Resource codes are `{分类码}/{顺序码}` (the provincial form the guide allows, standards.md §1.1),
 * so a route addresses an entry with two path segments: /catalog/resources/101001/000001.
 */
export const RESOURCE_PATH = 'catalog/resources/:classification/:sequence';

export const ResourceCode = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const params = context.switchToHttp().getRequest<FastifyRequest<{ Params: Record<string, string> }>>().params;
  const code = `${params.classification ?? ''}/${params.sequence ?? ''}`;
  if (!RESOURCE_CODE_PATTERN.test(code)) {
    throw new CatalogError('resource_not_found', `${code} is not a resource code (e.g. 101001/000001).`);
  }
  return code;
});

/** Documents the two segments of a resource code in the OpenAPI contract. */
export const ResourceCodeParams = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiParam({ name: 'classification', description: '分类码 (类-项-目-细目), e.g. 101001', example: '101001' }),
    ApiParam({ name: 'sequence', description: '顺序码, six digits', example: '000001' }),
  );
