export { RegistriesModule } from './registries.module';
export { RegistryError, REGISTRY_PROBLEMS, type RegistryErrorCode } from './registries.errors';
export type { RegistryDefinition, RegistryItem, AttributeGroup } from './kit/registry-definition';
export type { RegistryBinding } from './kit/registry-binding';
export { RegistryInstaller, type Installation } from './kit/registry-installer';
export { RegistryDirectory } from './kit/registry-directory';
export { RegistryWriter } from './kit/registry-writer';
export { POPULATION, ETHNICITY_CODES, MARITAL_STATUS_CODES } from './population/population.definition';
export { LEGAL_PERSONS, LEGAL_PERSON_STATUSES, ENTITY_TYPES } from './legal-persons/legal-person.definition';
