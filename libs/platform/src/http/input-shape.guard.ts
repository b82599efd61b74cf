import { Readable } from 'node:stream';
import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { platformProblem, validationProblem } from '../errors/problems';
import { hasLoneSurrogate } from '../text/storable-text';

export interface InputLimits {
  /** Deepest nesting of objects and arrays in a JSON body or query. */
  readonly maxDepth: number;
  /** Object members plus array elements, counted over the whole body. */
  readonly maxNodes: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = { maxDepth: 32, maxNodes: 10_000 };
export const INPUT_LIMITS_METADATA = 'hutong:input-limits';

/** For bulk routes that legitimately take larger documents than the default allows. */
export const InputLimits = (limits: Partial<InputLimits>): MethodDecorator & ClassDecorator =>
  SetMetadata(INPUT_LIMITS_METADATA, { ...DEFAULT_INPUT_LIMITS, ...limits });

/**
 * Refuses input shapes that would hurt the process before any pipe or handler sees them: NUL
 * characters (PostgreSQL cannot store them in text, and they hide in logs), unpaired surrogates
 * and non-finite numbers (neither can be stored, nor canonicalised for the audit digest), absurd nesting (the
 * recursive validators would overflow the stack) and huge member counts (class-transformer's cost
 * grows faster than linearly). One iterative walk over body and query, no recursion.
 */
@Injectable()
export class InputShapeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (/%00/i.test(request.url)) {
      throw platformProblem(
        'bad-request',
        'The URL contains a NUL character (%00), which no Hutong resource name or parameter may contain.',
      );
    }
    const limits =
      this.reflector.getAllAndOverride<InputLimits | undefined>(INPUT_LIMITS_METADATA, [
        context.getHandler(),
        context.getClass(),
      ]) ?? DEFAULT_INPUT_LIMITS;
    checkShape(request.query, 'query', limits);
    // A streamed body (bulk import) is a file, read and checked row by row by its route.
    if (!(request.body instanceof Readable)) checkShape(request.body, 'body', limits);
    return true;
  }
}

function checkShape(root: unknown, label: string, limits: InputLimits): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof value === 'string') {
      if (value.includes('\u0000')) {
        throw validationProblem([
          { field: path || label, rule: 'no_nul', message: 'must not contain the NUL character (\\u0000)' },
        ]);
      }
      if (hasLoneSurrogate(value)) {
        throw validationProblem([
          { field: path || label, rule: 'unpaired_surrogate', message: 'must not contain an unpaired UTF-16 surrogate' },
        ]);
      }
      continue;
    }
    // JSON reads 1e400 as Infinity: no item holds it, and it cannot be written back as JSON.
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw validationProblem([{ field: path || label, rule: 'finite', message: 'must be a finite number' }]);
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limits.maxDepth) {
      throw platformProblem(
        'bad-request',
        `The ${label} is nested more than ${limits.maxDepth} levels deep (at ${path || label}).`,
      );
    }
    const entries = Array.isArray(value)
      ? value.map((item, index) => [`[${index}]`, item] as const)
      : Object.entries(value).map(([key, item]) => [key, item] as const);
    nodes += entries.length;
    if (nodes > limits.maxNodes) {
      throw platformProblem(
        'bad-request',
        `The ${label} has more than ${limits.maxNodes} members and elements; send less at a time.`,
      );
    }
    for (const [key, item] of entries) {
      if (key.includes('\u0000') || hasLoneSurrogate(key))
        throw validationProblem([
          {
            field: path || label,
            rule: 'no_nul',
            message: 'member names must not contain the NUL character or an unpaired surrogate',
          },
        ]);
      const itemPath = key.startsWith('[') ? `${path}${key}` : path ? `${path}.${key}` : key;
      stack.push({ value: item, path: itemPath, depth: depth + 1 });
    }
  }
}
