import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_METADATA, type AccessRule } from '@hutong/platform';
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();

interface DeclaredRoute {
  readonly method: string;
  readonly path: string;
  readonly controller: string;
  readonly rule: AccessRule | undefined;
}

/** Every route of the running application, with the access rule that applies to it. */
function allRoutes(): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const module of gateway().app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
      const classRule = Reflect.getMetadata(ACCESS_METADATA, controller) as AccessRule | undefined;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function' || !Reflect.hasMetadata(PATH_METADATA, handler)) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const rule = (Reflect.getMetadata(ACCESS_METADATA, handler) as AccessRule | undefined) ?? classRule;
        for (const prefix of prefixes) {
          for (const sub of [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat()) {
            const path = `/${[prefix, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
            routes.push({ method, path, controller: controller.name, rule });
          }
        }
      }
    }
  }
  return routes;
}

const PUBLIC_ROUTES = [
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'GET /problems',
  'GET /problems/:slug',
  'POST /oauth2/token',
  'GET /.well-known/jwks.json',
  'GET /.well-known/oauth-authorization-server',
  'GET /audit/checkpoints',
  'GET /audit/keys',
  'GET /contracts/events/:file',
  'GET /catalog/dcat',
  'GET /api/3/action/package_search',
  'GET /api/3/action/package_show',
  'GET /api/3/action/package_list',
  'GET /api/3/action/organization_list',
  'GET /api/3/action/organization_show',
  'GET /api/3/action/status_show',
];

describe('every route declares who may call it', () => {
  it('finds the routes of every library (the enumeration itself works)', () => {
    const keys = allRoutes().map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(
      expect.arrayContaining([...PUBLIC_ROUTES, 'GET /me', 'POST /admin/agencies', 'DELETE /admin/reviewers/:code/keys/:kid']),
    );
    expect(keys.length).toBeGreaterThan(25);
  });

  it('has an @Access declaration on every route', () => {
    const undeclared = allRoutes()
      .filter((r) => r.rule === undefined)
      .map((r) => `${r.method} ${r.path} (${r.controller})`);
    expect(undeclared).toEqual([]);
  });

  it('has exactly the expected public routes: adding one is a deliberate, reviewed change', () => {
    const open = allRoutes()
      .filter((r) => r.rule?.public === true)
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(open).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('refuses an anonymous call to every non-public route with 401', async () => {
    for (const route of allRoutes().filter((r) => r.rule?.public !== true)) {
      const path = route.path.replace(/:[A-Za-z]+/g, 'x');
      const response = await gateway().http()[route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](path);
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
      expect(response.body.code, `${route.method} ${route.path}`).toBe('missing_token');
    }
  });
});
