import { Module, type DynamicModule } from '@nestjs/common';
import { DatasetRecordsController } from './http/dataset-records.controller';
import { DatasetsController } from './http/datasets.controller';
import { DatasetQueryRepository } from './query/dataset-query.repository';
import { DatasetReadService } from './query/dataset-read.service';
import { DatasetWriteService } from './records/dataset-write.service';
import { DatasetDirectory } from './registration/dataset-directory';
import { DatasetIndexes } from './registration/dataset-indexes';
import { DatasetRegistrationService } from './registration/dataset-registration.service';
import { DatasetRepository } from './registration/dataset.repository';

/**
 * Agency datasets (ARCHITECTURE §2): an agency describes a dataset in the catalog — its 信息项 are
 * the schema — and gets a publish API and a query API for it at once, on the registry kit (writes,
 * history, imports, events, projection) with storage partitioned per dataset.
 */
@Module({})
export class DatasetsModule {
  static forRoot(): DynamicModule {
    return {
      module: DatasetsModule,
      controllers: [DatasetsController, DatasetRecordsController],
      providers: [
        DatasetRepository,
        DatasetDirectory,
        DatasetIndexes,
        DatasetRegistrationService,
        DatasetQueryRepository,
        DatasetReadService,
        DatasetWriteService,
      ],
      exports: [DatasetRegistrationService, DatasetDirectory],
    };
  }
}
