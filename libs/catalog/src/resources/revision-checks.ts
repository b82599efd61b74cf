import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CatalogResource, ResourceMetadata } from './resource';

/**
 * A rule another library holds about the next version of an entry — the datasets library refuses
 * a version that would break a dataset's schema. It throws the problem that explains the refusal.
 */
export type RevisionCheck = (resource: CatalogResource, next: ResourceMetadata, manager: EntityManager) => Promise<void>;

/**
 * The checks a draft must pass before it is submitted and again before it is published (a dataset
 * may have been registered on the entry in between). The catalog knows nothing of what they check:
 * libraries that build on entries register here, so the dependency points from them to the catalog.
 */
@Injectable()
export class RevisionChecks {
  private readonly checks: RevisionCheck[] = [];

  register(check: RevisionCheck): void {
    this.checks.push(check);
  }

  async run(resource: CatalogResource, next: ResourceMetadata, manager: EntityManager): Promise<void> {
    for (const check of this.checks) await check(resource, next, manager);
  }
}
