import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { RegistryBinding } from './registry-binding';

interface BindingRow {
  code: string;
  resource_code: string;
  verification_resource_code: string | null;
  provider_code: string;
  contributors: Record<string, string[]>;
  installed_at: Date;
  installed_by: string;
}

/** Bindings change when an operator installs or re-binds a registry: seconds of staleness on other instances are fine. */
const CACHE_MS = 10_000;

/** SQL of registry bindings, with a short cache: every registry request reads its binding. */
@Injectable()
export class RegistryBindingRepository {
  private readonly cache = new Map<string, { binding: RegistryBinding | undefined; at: number }>();

  constructor(private readonly dataSource: DataSource) {}

  async find(registry: string): Promise<RegistryBinding | undefined> {
    const cached = this.cache.get(registry);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.binding;
    const rows = await this.dataSource.query<BindingRow[]>(
      `SELECT code, resource_code, verification_resource_code, provider_code, contributors, installed_at, installed_by
         FROM registries WHERE code = $1`,
      [registry],
    );
    const binding = rows[0] && toBinding(rows[0]);
    this.cache.set(registry, { binding, at: Date.now() });
    return binding;
  }

  async save(binding: RegistryBinding, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO registries (code, resource_code, verification_resource_code, provider_code, contributors, installed_at, installed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (code) DO UPDATE SET contributors = EXCLUDED.contributors`,
      [
        binding.registry,
        binding.resourceCode,
        binding.verificationResourceCode,
        binding.providerCode,
        JSON.stringify(binding.contributors),
        binding.installedAt,
        binding.installedBy,
      ],
    );
    this.cache.delete(binding.registry);
  }
}

function toBinding(row: BindingRow): RegistryBinding {
  return {
    registry: row.code,
    resourceCode: row.resource_code,
    verificationResourceCode: row.verification_resource_code,
    providerCode: row.provider_code,
    contributors: row.contributors,
    installedAt: row.installed_at,
    installedBy: row.installed_by,
  };
}
