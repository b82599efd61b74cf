import { Injectable } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ACCESS_METADATA, AUDIT_ACTION_METADATA, type AccessRule } from '@hutong/platform';

/**
 * Which routes are audited, and under which action name, read once from the controllers'
 * metadata: every route that needs a token, plus public routes marked @Audited. Keys are
 * "METHOD /route/:pattern", as Fastify reports `routeOptions.url`.
 */
@Injectable()
export class AuditedRoutes {
  private readonly actions = new Map<string, string>();

  constructor(private readonly discovery: DiscoveryService) {}

  load(): void {
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const prefixes = [(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined) ?? ''].flat();
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function' || !Reflect.hasMetadata(PATH_METADATA, handler)) continue;
        const rule = (Reflect.getMetadata(ACCESS_METADATA, handler) ?? Reflect.getMetadata(ACCESS_METADATA, controller)) as
          AccessRule | undefined;
        const named = (Reflect.getMetadata(AUDIT_ACTION_METADATA, handler) ??
          Reflect.getMetadata(AUDIT_ACTION_METADATA, controller)) as string | undefined;
        if (rule?.public === true && named === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        for (const prefix of prefixes) {
          for (const sub of [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat()) {
            const path = `/${[prefix, sub].filter((part) => part && part !== '/').join('/')}`.replace(/\/+/g, '/');
            this.actions.set(`${method} ${path}`, named ?? `${method} ${path}`);
          }
        }
      }
    }
  }

  /** HEAD runs the GET handler (Fastify exposes it for every GET), so it is audited as that GET. */
  actionFor(method: string, route: string | undefined): string | undefined {
    if (route === undefined) return undefined;
    return this.actions.get(`${method === 'HEAD' ? 'GET' : method} ${route}`);
  }

  get size(): number {
    return this.actions.size;
  }
}
