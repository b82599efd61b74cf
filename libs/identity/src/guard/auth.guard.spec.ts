import { Controller, Get, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Access, MetricsRegistry, Problem } from '@hutong/platform';
import { describe, expect, it } from 'vitest';
import type { AccessTokenVerifier } from './access-token.verifier';
import { AuthGuard } from './auth.guard';
import type { CredentialStatusCache } from './credential-status.cache';

@Controller('fixture')
class FixtureController {
  @Get('undeclared')
  undeclared(): string {
    return 'should never run';
  }

  @Get('open')
  @Access({ public: true })
  open(): string {
    return 'ok';
  }
}

function contextFor(handler: keyof FixtureController, authorization?: string): ExecutionContext {
  const request = { headers: authorization ? { authorization } : {} };
  return {
    getType: () => 'http',
    getHandler: () => Object.getOwnPropertyDescriptor(FixtureController.prototype, handler)?.value as unknown,
    getClass: () => FixtureController,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

function guard(): AuthGuard {
  const unreachable = () => {
    throw new Error('token verification must not run for this route');
  };
  return new AuthGuard(
    new Reflector(),
    { verify: unreachable } as unknown as AccessTokenVerifier,
    { check: unreachable, cachedCheck: unreachable } as unknown as CredentialStatusCache,
    new MetricsRegistry({ collectProcessMetrics: false }),
  );
}

describe('AuthGuard', () => {
  it('refuses a route without an @Access declaration, even with a token', async () => {
    let refusal: unknown;
    try {
      await guard().canActivate(contextFor('undeclared', 'Bearer abc.def.ghi'));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(Problem);
    expect(refusal).toMatchObject({ status: 403, init: { code: 'route_not_declared' } });
  });

  it('lets anyone call a route declared public, without looking at tokens', async () => {
    expect(await guard().canActivate(contextFor('open', 'Bearer garbage'))).toBe(true);
  });
});
