import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { platformProblem } from '../errors/problems';
import { CONSUMES_METADATA, DEFAULT_CONSUMES } from './consumes.decorator';

@Injectable()
export class MediaTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!hasBody(request)) return true;
    const accepted =
      this.reflector.getAllAndOverride<readonly string[]>(CONSUMES_METADATA, [context.getHandler(), context.getClass()]) ??
      DEFAULT_CONSUMES;
    const sent = mediaTypeOf(request.headers['content-type']);
    if (sent !== undefined && accepted.includes(sent)) return true;
    throw platformProblem(
      'unsupported-media-type',
      `This endpoint accepts ${accepted.join(' or ')}; the request was sent as ${sent ?? 'no Content-Type'}.`,
    );
  }
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return request.headers['transfer-encoding'] !== undefined;
}

function mediaTypeOf(header: string | undefined): string | undefined {
  return header?.split(';')[0]?.trim().toLowerCase() || undefined;
}
