import { Injectable } from '@nestjs/common';
import { CreateResourceDto, ResourceService } from '@hutong/catalog';
import { AgencyService, type Caller } from '@hutong/identity';
import { AuditTrail, validationProblem, type FieldViolation } from '@hutong/platform';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RegistryError } from '../registries.errors';
import type { RegistryBinding } from './registry-binding';
import { RegistryBindingRepository } from './registry-bindings.repository';
import type { CatalogDescription, RegistryDefinition, RegistryItem, VerificationRule } from './registry-definition';
import { RegistryDirectory } from './registry-directory';
import { MATCH_RESULT_ITEM } from './registry-verifier';

export interface Installation {
  readonly providerCode: string;
  readonly contributors: Readonly<Record<string, readonly string[]>>;
}

/**
 * Installs a registry in a deployment (an operator's act): publishes its catalog entry — whose
 * 信息项 are the registry's items, basic ones 无条件共享 and the rest 有条件 — and its verification
 * entry (核验), then binds both, the provider and the contributors. Installing again only changes
 * contributors; the provider of an installed registry never changes (its entries belong to it).
 */
@Injectable()
export class RegistryInstaller {
  constructor(
    private readonly directory: RegistryDirectory,
    private readonly bindings: RegistryBindingRepository,
    private readonly resources: ResourceService,
    private readonly agencies: AgencyService,
  ) {}

  async install(
    caller: Caller,
    registry: string,
    installation: Installation,
  ): Promise<{ binding: RegistryBinding; created: boolean }> {
    const definition = this.directory.definition(registry);
    if (!definition)
      throw new RegistryError(
        'registry_not_installed',
        `There is no ${registry} registry; known: ${this.directory.codes().join(', ')}.`,
      );
    await this.checkContributors(definition, installation);
    const existing = await this.bindings.find(registry);
    if (existing && existing.providerCode !== installation.providerCode) {
      throw new RegistryError(
        'already_installed',
        `The ${registry} registry is installed with provider ${existing.providerCode}; its provider cannot change.`,
      );
    }
    const binding: RegistryBinding = existing
      ? { ...existing, contributors: installation.contributors }
      : {
          registry,
          resourceCode: await this.publish(
            caller,
            entryOf(definition.catalog, definition.items, definition.scopeItem ?? null, installation.providerCode),
          ),
          verificationResourceCode: await this.publishVerification(caller, definition, installation.providerCode),
          providerCode: installation.providerCode,
          contributors: installation.contributors,
          installedAt: new Date(),
          installedBy: caller.principalId,
        };
    await this.bindings.save(binding);
    AuditTrail.record({ resource: 'registry', subjects: [{ kind: 'record', value: registry }], after: { ...installation } });
    return { binding, created: existing === undefined };
  }

  private async checkContributors(definition: RegistryDefinition, installation: Installation): Promise<void> {
    const violations: FieldViolation[] = [];
    for (const [group, agencies] of Object.entries(installation.contributors)) {
      if (!definition.groups.some((known) => known.code === group)) {
        violations.push({
          field: `contributors.${group}`,
          rule: 'unknown_group',
          message: `groups: ${definition.groups.map((g) => g.code).join(', ')}`,
        });
        continue;
      }
      if (!Array.isArray(agencies) || !agencies.every((code) => typeof code === 'string')) {
        violations.push({ field: `contributors.${group}`, rule: 'agency_list', message: 'must be an array of agency codes' });
        continue;
      }
      for (const code of agencies) {
        const agency = await this.agencies.find(code);
        if (agency?.status !== 'active') {
          violations.push({ field: `contributors.${group}`, rule: 'unknown_agency', message: `${code} is not an active agency` });
        }
      }
    }
    if (violations.length > 0) throw validationProblem(violations);
  }

  private async publishVerification(
    caller: Caller,
    definition: RegistryDefinition,
    providerCode: string,
  ): Promise<string | null> {
    const { verification, verificationCatalog } = definition;
    if (!verification || !verificationCatalog) return null;
    return this.publish(caller, verificationEntryOf(definition.items, verification, verificationCatalog, providerCode));
  }

  private async publish(caller: Caller, entry: Record<string, unknown>): Promise<string> {
    const dto = plainToInstance(CreateResourceDto, entry);
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw new Error(`registry catalog entry is invalid: ${errors.map((e) => e.toString()).join('; ')}`);
    const drafted = await this.resources.create(caller, dto);
    await this.resources.submit(caller, drafted.code, undefined);
    await this.resources.publish(caller, drafted.code, undefined);
    return drafted.code;
  }
}

function entryOf(
  catalog: CatalogDescription,
  items: readonly RegistryItem[],
  scopeItem: string | null,
  providerCode: string,
): Record<string, unknown> {
  return {
    providerCode,
    name: catalog.name,
    classification: catalog.classification,
    summary: catalog.summary,
    format: 'database',
    // Geometry types are the registry's own rule, not catalog metadata (the catalog says `geometry`).
    items: items.map(({ group, geometryTypes: _geometryTypes, ...item }) => ({
      ...item,
      ...(item.enumValues ? { enumValues: [...item.enumValues] } : {}),
      description: item.description ?? `属性组 ${group}`,
    })),
    // An entry is 有条件 when some item is; a collection whose items are all open is 无条件.
    sharing: items.some((item) => item.sharingType === 'conditional')
      ? { type: 'conditional', conditions: catalog.conditions, methods: ['api', 'event', 'file'], legalBasis: catalog.legalBasis }
      : { type: 'unconditional', methods: ['api', 'event', 'file'], legalBasis: catalog.legalBasis },
    openAccess: { open: false },
    updateCycle: 'realtime',
    securityLevel: 3,
    authoritativeSource: true,
    administrativeLevel: 'city',
    ...(scopeItem ? { scopeItem } : {}),
    keywords: [...catalog.keywords],
  };
}

/** The verification service's entry: the compared items (as the registry shares them) and the one result item it grants. */
function verificationEntryOf(
  registryItems: readonly RegistryItem[],
  verification: VerificationRule,
  catalog: CatalogDescription,
  providerCode: string,
): Record<string, unknown> {
  const compared = Object.values(verification.fields).map((field) => field.item);
  const items: RegistryItem[] = [
    ...registryItems.filter((item) => compared.includes(item.code)),
    {
      code: MATCH_RESULT_ITEM,
      name: '核验结果',
      dataType: 'enum',
      group: 'verification',
      sharingType: 'conditional',
      enumValues: ['match', 'no_match', 'not_found'],
      description: '一致 / 不一致 / 查无此记录; nothing else about the record is disclosed',
    },
  ];
  return entryOf(catalog, items, null, providerCode);
}
