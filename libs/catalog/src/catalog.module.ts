import { Module, type DynamicModule } from '@nestjs/common';
import { DELIVERY_GATE } from '@hutong/exchange';
import { CatalogChanges } from './grants/catalog-changes';
import { CatalogDeliveryGate } from './grants/catalog-delivery-gate';
import { EntitlementService } from './grants/entitlement.service';
import { GrantExpiry } from './grants/grant-expiry';
import { GrantIssuer } from './grants/grant-issuer';
import { GrantRepository } from './grants/grant.repository';
import { GrantWindowAlert } from './grants/grant-window.alert';
import { GrantsController } from './grants/grants.controller';
import { OpenDataModule } from './open-data/open-data.module';
import { AccessRequestRepository } from './requests/access-request.repository';
import { AccessRequestService } from './requests/access-request.service';
import { AccessRequestsController } from './requests/access-requests.controller';
import { RequestDecisionService } from './requests/request-decisions.service';
import { RequestJournal } from './requests/request-journal';
import { Retirement } from './requests/retirement';
import { ResourceRepository } from './resources/resource.repository';
import { ResourceSearchService } from './resources/resource-search.service';
import { ResourceService } from './resources/resource.service';
import { RevisionChecks } from './resources/revision-checks';
import { ResourcesController } from './resources/resources.controller';
import { Metering } from './usage/metering';
import { UsageController } from './usage/usage.controller';
import { UsageRepository } from './usage/usage.repository';

/**
 * The resource-sharing catalog (政务信息资源目录): entries and their lifecycle, search, access
 * requests, grants and the entitlement check every data read and event delivery goes through,
 * usage metering, and the DCAT / CKAN views for harvesters.
 */
@Module({})
export class CatalogModule {
  static forRoot(): DynamicModule {
    return {
      module: CatalogModule,
      global: true,
      imports: [OpenDataModule],
      controllers: [ResourcesController, AccessRequestsController, GrantsController, UsageController],
      providers: [
        ResourceRepository,
        ResourceService,
        RevisionChecks,
        ResourceSearchService,
        AccessRequestRepository,
        AccessRequestService,
        RequestDecisionService,
        RequestJournal,
        Retirement,
        GrantRepository,
        GrantIssuer,
        GrantExpiry,
        GrantWindowAlert,
        CatalogChanges,
        EntitlementService,
        { provide: DELIVERY_GATE, useClass: CatalogDeliveryGate },
        UsageRepository,
        Metering,
      ],
      exports: [ResourceService, RevisionChecks, CatalogChanges, EntitlementService, GrantExpiry, Metering, DELIVERY_GATE],
    };
  }
}
