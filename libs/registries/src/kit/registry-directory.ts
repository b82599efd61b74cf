import { Inject, Injectable } from '@nestjs/common';
import { RegistryError } from '../registries.errors';
import type { RegistryBinding } from './registry-binding';
import { RegistryBindingRepository } from './registry-bindings.repository';
import type { RegistryDefinition } from './registry-definition';

export const REGISTRY_DEFINITIONS = Symbol('hutong.registry-definitions');

export interface InstalledRegistry {
  readonly definition: RegistryDefinition;
  readonly binding: RegistryBinding;
}

/**
 * Registries defined at run time rather than in code — an agency dataset, whose definition follows
 * its catalog entry. A source answers for the codes it owns and `undefined` for any other.
 */
export interface RegistrySource {
  resolve(code: string): Promise<InstalledRegistry | undefined>;
}

/** The registries this gateway knows (definitions, from code) and how each is installed (bindings, from the database). */
@Injectable()
export class RegistryDirectory {
  private readonly definitions: ReadonlyMap<string, RegistryDefinition>;
  private readonly sources: RegistrySource[] = [];

  constructor(
    @Inject(REGISTRY_DEFINITIONS) definitions: readonly RegistryDefinition[],
    private readonly bindings: RegistryBindingRepository,
  ) {
    this.definitions = new Map(definitions.map((definition) => [definition.code, definition]));
  }

  definition(code: string): RegistryDefinition | undefined {
    return this.definitions.get(code);
  }

  codes(): string[] {
    return [...this.definitions.keys()];
  }

  /** Adds registries defined at run time; the kit's reads, writes and imports then serve them too. */
  addSource(source: RegistrySource): void {
    this.sources.push(source);
  }

  async resolve(code: string): Promise<InstalledRegistry> {
    if (!this.definitions.has(code)) {
      for (const source of this.sources) {
        const installed = await source.resolve(code);
        if (installed) return installed;
      }
    }
    const definition = this.definitions.get(code);
    const binding = definition && (await this.bindings.find(code));
    if (!definition || !binding) {
      throw new RegistryError('registry_not_installed', `The ${code} registry is not installed in this deployment.`);
    }
    return { definition, binding };
  }
}
