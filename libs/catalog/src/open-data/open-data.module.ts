import { Module } from '@nestjs/common';
import { AppConfig } from '@hutong/platform';
import { OpenEntryRepository } from './open-entry.repository';
import { CkanErrorFilter } from './ckan-error.filter';
import { CkanController } from './ckan.controller';
import { CkanService } from './ckan.service';
import { DcatController } from './dcat.controller';
import { DcatService } from './dcat.service';
import { OpenDataIris } from './open-data-iris';
import { OpenEntriesService } from './open-entries.service';

/**
 * The open-standards views of the catalog for harvesters outside government: DCAT-AP 3 at
 * /catalog/dcat and the CKAN Action API subset at /api/3/action. Public routes, over published
 * entries open to the public only. Exports nothing; the catalog module imports it.
 */
@Module({
  controllers: [DcatController, CkanController],
  providers: [
    // Stateless SQL; the catalog module does not export its instance.
    OpenEntryRepository,
    {
      provide: OpenDataIris,
      useFactory: (config: AppConfig) => new OpenDataIris(config.http.publicBaseUrl),
      inject: [AppConfig],
    },
    OpenEntriesService,
    DcatService,
    CkanService,
    CkanErrorFilter,
  ],
})
export class OpenDataModule {}
