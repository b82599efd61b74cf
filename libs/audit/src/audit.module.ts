import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { AppConfig, LOGGER, type Logger } from '@hutong/platform';
import { AuditVerifier } from './checkpoints/audit-verifier';
import { Checkpointer } from './checkpoints/checkpointer';
import { AuditController } from './http/audit.controller';
import { AuditAlerts } from './http/audit-alerts';
import { AuditQueries } from './http/audit-queries';
import { AuditKeys } from './keys/audit-keys';
import { AuditedRoutes } from './recording/audited-routes';
import { AuditRecorder } from './recording/audit-recorder';
import { AuditIntentInterceptor } from './recording/audit-intent.interceptor';
import { AuditRepository } from './store/audit.repository';
import { AuditWriter } from './store/audit-writer';

/**
 * The tamper-evident access log (ARCHITECTURE §6): records every audited request before its
 * response leaves, chains and checkpoints the entries, and serves reviewers.
 */
@Module({})
export class AuditModule {
  static forRoot(): DynamicModule {
    return {
      module: AuditModule,
      global: true,
      imports: [DiscoveryModule],
      controllers: [AuditController],
      providers: [
        {
          provide: AuditKeys,
          inject: [AppConfig, LOGGER],
          useFactory: (config: AppConfig, logger: Logger) => AuditKeys.load(config, logger),
        },
        AuditRepository,
        {
          provide: AuditWriter,
          inject: [AuditRepository, LOGGER, Checkpointer],
          useFactory: (repository: AuditRepository, logger: Logger, checkpointer: Checkpointer) => {
            const writer = new AuditWriter(repository, logger);
            writer.onAppended((head) => checkpointer.noteAppended(head));
            return writer;
          },
        },
        Checkpointer,
        AuditVerifier,
        AuditQueries,
        AuditAlerts,
        AuditedRoutes,
        AuditRecorder,
        { provide: APP_INTERCEPTOR, useClass: AuditIntentInterceptor },
      ],
      exports: [AuditWriter, AuditVerifier, AuditKeys, AuditAlerts],
    };
  }
}
