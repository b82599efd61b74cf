import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { DisputeRepository } from './disputes/dispute.repository';
import { DisputeService } from './disputes/dispute.service';
import { ImportRunner } from './imports/import-runner';
import { ImportService } from './imports/import.service';
import { RegistryImportRepository } from './imports/registry-import.repository';
import { operationsController } from './kit/operations.controller';
import { RegistriesAdminController } from './kit/registries-admin.controller';
import { RegistryBindingRepository } from './kit/registry-bindings.repository';
import type { RegistryDefinition } from './kit/registry-definition';
import { REGISTRY_DEFINITIONS, RegistryDirectory } from './kit/registry-directory';
import { RegistryInstaller } from './kit/registry-installer';
import { RegistryReader } from './kit/registry-reader';
import { RegistryRecordService } from './kit/registry-record.service';
import { RegistryRecordRepository } from './kit/registry-records.repository';
import { RegistryVerifier } from './kit/registry-verifier';
import { RegistryWriter } from './kit/registry-writer';
import { LEGAL_PERSONS } from './legal-persons/legal-person.definition';
import { LegalPersonsController } from './legal-persons/legal-persons.controller';
import { POPULATION } from './population/population.definition';
import { PersonsController } from './population/persons.controller';

export interface RegistriesOptions {
  /** Registries defined by other libraries on the kit (the spatial collections), with their routes. */
  readonly definitions?: readonly RegistryDefinition[];
  /** Controllers of those registries that must be registered before the record routes. */
  readonly controllers?: readonly Type<unknown>[];
}

/**
 * The base registries (ARCHITECTURE §2): population (人口) and legal persons (法人) on the registry
 * kit — one JSONB store with history, one write path with events in the outbox, one read path
 * through the catalog's entitlement check, bulk imports and disputes. Other libraries define more
 * registries on the kit (spatial) and pass them in; the kit's services are global for their routes.
 */
@Module({})
export class RegistriesModule {
  static forRoot(options: RegistriesOptions = {}): DynamicModule {
    return {
      module: RegistriesModule,
      global: true,
      controllers: [
        ...(options.controllers ?? []),
        RegistriesAdminController,
        // Static paths first: `/registries/legal-persons/imports` must not be read as a credit code.
        operationsController(POPULATION.code),
        operationsController(LEGAL_PERSONS.code),
        PersonsController,
        LegalPersonsController,
      ],
      providers: [
        { provide: REGISTRY_DEFINITIONS, useValue: [POPULATION, LEGAL_PERSONS, ...(options.definitions ?? [])] },
        RegistryDirectory,
        RegistryBindingRepository,
        RegistryRecordRepository,
        RegistryWriter,
        RegistryReader,
        RegistryRecordService,
        RegistryVerifier,
        RegistryInstaller,
        RegistryImportRepository,
        ImportRunner,
        ImportService,
        DisputeRepository,
        DisputeService,
      ],
      exports: [
        RegistryDirectory,
        RegistryBindingRepository,
        RegistryRecordRepository,
        RegistryInstaller,
        RegistryWriter,
        RegistryReader,
        RegistryRecordService,
        ImportService,
        DisputeService,
      ],
    };
  }
}
