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

/** The registries this gateway knows (definitions, from code) and how each is installed (bindings, from the database). */
@Injectable()
export class RegistryDirectory {
  private readonly definitions: ReadonlyMap<string, RegistryDefinition>;

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

  async resolve(code: string): Promise<InstalledRegistry> {
    const definition = this.definitions.get(code);
    const binding = definition && (await this.bindings.find(code));
    if (!definition || !binding) {
      throw new RegistryError('registry_not_installed', `The ${code} registry is not installed in this deployment.`);
    }
    return { definition, binding };
  }
}
