import { Injectable } from '@nestjs/common';
import { AuditTrail, MetricsRegistry } from '@hutong/platform';
import { Counter } from 'prom-client';
import { unknownItems } from '../catalog.errors';
import { ResourceRepository } from '../resources/resource.repository';
import { Metering } from '../usage/metering';
import { CatalogChanges } from './catalog-changes';
import { decide, type Entitlement, type EntitlementQuestion, type EntitlementResource } from './entitlement';
import type { Grant } from './grant';
import { GrantRepository } from './grant.repository';

/** Bounds the cache; past it, the cache starts again empty (cheap, and rare at city scale). */
const MAX_CACHED = 100_000;
/**
 * Even with the change channel up, nothing cached is trusted longer than this: a listener that
 * died silently (a half-open TCP connection, a pooler that drops NOTIFY) cannot keep a revoked
 * grant alive for longer.
 */
const MAX_AGE_MS = 30_000;

interface Cached<V> {
  readonly value: V;
  readonly at: number;
}

/**
 * The one answer to "may principal P read items I of resource R for rows S now?" (ARCHITECTURE §4).
 * Every data read and every event delivery asks it. Entries and grants are cached per resource and
 * per consumer × resource, dropped the moment a change is heard (this instance's writes at once,
 * other instances' through LISTEN/NOTIFY); time-bound facts (validity, quota) are evaluated on
 * every call, so an expired grant stops reads at once without any invalidation.
 */
@Injectable()
export class EntitlementService {
  private readonly resourceCache = new Map<string, Cached<EntitlementResource | null>>();
  private readonly grantCache = new Map<string, Cached<readonly Grant[]>>();
  private readonly decisions: Counter<'outcome'>;
  /** Bumped by every change heard: a lookup that started before a change must not cache what it read. */
  private generation = 0;

  constructor(
    private readonly resources: ResourceRepository,
    private readonly grants: GrantRepository,
    private readonly metering: Metering,
    private readonly changes: CatalogChanges,
    metrics: MetricsRegistry,
  ) {
    changes.subscribe((code) => this.forget(code));
    this.decisions = new Counter({
      name: 'hutong_entitlement_decisions_total',
      help: 'Entitlement checks by outcome (allowed basis or denial reason)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  /**
   * Decides; an item the entry does not have is a bad request (400 naming it), not a denial. An
   * unknown resource is answered as `undefined` so callers can give their own 404.
   */
  async check(question: EntitlementQuestion): Promise<Entitlement | undefined> {
    const resource = await this.resource(question.resourceCode);
    if (!resource) return undefined;
    const unknown = (question.items ?? []).filter((item) => !resource.items.has(item));
    if (unknown.length > 0) throw unknownItems(unknown, 'items', resource.code);
    const grants = question.principal.kind === 'agency' ? await this.grantsOf(question.principal.id, resource.code) : [];
    if (grants.some((grant) => grant.quota !== null) && !this.metering.usageToday(question.principal.id, resource.code)) {
      await this.metering.load(question.principal.id, resource.code);
    }
    const usage = () => this.metering.usageToday(question.principal.id, resource.code) ?? { requests: 0, records: 0 };
    const decision = decide(question, resource, grants, usage);
    this.decisions.inc({ outcome: decision.allowed ? decision.basis : decision.reason });
    return decision;
  }

  /**
   * Records a read made under a decision: metering for usage and quotas, and the grant, purpose and
   * items in this request's audit entry.
   */
  recordRead(
    consumerCode: string,
    resourceCode: string,
    entitlement: Extract<Entitlement, { allowed: true }>,
    records: number,
  ): void {
    if (entitlement.basis !== 'provider') this.metering.record(consumerCode, resourceCode, records);
    AuditTrail.record({
      resource: resourceCode,
      ...(entitlement.grantId ? { grantId: entitlement.grantId } : {}),
      ...(entitlement.purpose ? { purpose: entitlement.purpose } : {}),
      items: [...entitlement.items],
      recordCount: records,
    });
  }

  /** Drops what is cached about a resource (`*`: everything). */
  forget(resourceCode: string): void {
    this.generation += 1;
    if (resourceCode === '*') {
      this.resourceCache.clear();
      this.grantCache.clear();
      return;
    }
    this.resourceCache.delete(resourceCode);
    for (const key of this.grantCache.keys()) if (key.endsWith(`|${resourceCode}`)) this.grantCache.delete(key);
  }

  private async resource(code: string): Promise<EntitlementResource | null> {
    const trusted = this.changes.remoteChangesHeard;
    const cached = trusted ? fresh(this.resourceCache.get(code)) : undefined;
    if (cached !== undefined) return cached.value;
    const generation = this.generation;
    const found = await this.resources.find(code);
    const metadata = found?.current?.metadata ?? found?.revision?.metadata;
    const resource: EntitlementResource | null =
      found && metadata
        ? {
            code: found.code,
            providerCode: found.providerCode,
            status: found.status,
            items: new Map(metadata.items.map((item) => [item.code, item.sharingType])),
            itemTypes: new Map(metadata.items.map((item) => [item.code, item.dataType])),
            scopeItem: metadata.scopeItem,
          }
        : null;
    if (trusted && generation === this.generation) this.remember(this.resourceCache, code, resource);
    return resource;
  }

  private async grantsOf(consumerCode: string, resourceCode: string): Promise<readonly Grant[]> {
    const key = `${consumerCode}|${resourceCode}`;
    const trusted = this.changes.remoteChangesHeard;
    const cached = trusted ? fresh(this.grantCache.get(key)) : undefined;
    if (cached !== undefined) return cached.value;
    const generation = this.generation;
    const grants = await this.grants.forConsumer(consumerCode, resourceCode);
    if (trusted && generation === this.generation) this.remember(this.grantCache, key, grants);
    return grants;
  }

  private remember<V>(cache: Map<string, Cached<V>>, key: string, value: V): void {
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, { value, at: Date.now() });
  }
}

function fresh<V>(cached: Cached<V> | undefined): Cached<V> | undefined {
  return cached !== undefined && Date.now() - cached.at < MAX_AGE_MS ? cached : undefined;
}
