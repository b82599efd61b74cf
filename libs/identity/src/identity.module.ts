import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig, LOGGER, type Logger } from '@hutong/platform';
import { AgenciesController } from './agencies/agencies.controller';
import { AgencyRepository } from './agencies/agency.repository';
import { AgencyService } from './agencies/agency.service';
import { DirectoryController } from './agencies/directory.controller';
import { AccessTokenVerifier } from './guard/access-token.verifier';
import { AuthGuard } from './guard/auth.guard';
import { CredentialStatusCache } from './guard/credential-status.cache';
import { KeyService } from './keys/key.service';
import { AgencyKeysController, OperatorKeysController, ReviewerKeysController } from './keys/keys.controllers';
import { PrincipalKeyRepository } from './keys/principal-key.repository';
import { MeController } from './me/me.controller';
import { MeService } from './me/me.service';
import { IdentityChanges } from './principals/identity-changes';
import { PrincipalLookup } from './principals/principal-lookup';
import { PrincipalRepository } from './principals/principal.repository';
import { OperatorsController, ReviewersController } from './staff/staff.controllers';
import { StaffService } from './staff/staff.service';
import { AssertionReplayRepository } from './tokens/assertion-replay.repository';
import { ClientAssertionVerifier } from './tokens/client-assertion.verifier';
import { DiscoveryController } from './tokens/discovery.controller';
import { GatewayKeys } from './tokens/gateway-keys';
import { TokenController } from './tokens/token.controller';
import { TokenService } from './tokens/token.service';

/**
 * Identity and access (ARCHITECTURE §4): agencies, operators and reviewers with their keys, the
 * private_key_jwt token endpoint, discovery, and the global guard that enforces `@Access` on every
 * route of the application.
 */
@Module({})
export class IdentityModule {
  static forRoot(): DynamicModule {
    return {
      module: IdentityModule,
      global: true,
      controllers: [
        TokenController,
        DiscoveryController,
        MeController,
        AgenciesController,
        DirectoryController,
        OperatorsController,
        ReviewersController,
        AgencyKeysController,
        OperatorKeysController,
        ReviewerKeysController,
      ],
      providers: [
        PrincipalRepository,
        PrincipalLookup,
        PrincipalKeyRepository,
        AgencyRepository,
        AssertionReplayRepository,
        IdentityChanges,
        AgencyService,
        StaffService,
        KeyService,
        MeService,
        ClientAssertionVerifier,
        TokenService,
        {
          provide: GatewayKeys,
          inject: [AppConfig, LOGGER],
          useFactory: (config: AppConfig, logger: Logger) => GatewayKeys.create(config, logger),
        },
        AccessTokenVerifier,
        CredentialStatusCache,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AgencyService, PrincipalLookup, AccessTokenVerifier],
    };
  }
}
