import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AppConfig } from './config/app-config';
import { ProblemFilter } from './errors/problem.filter';
import { ProblemsController } from './errors/problems.controller';
import { createValidationPipe } from './errors/validation';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health.registry';
import { InputShapeGuard } from './http/input-shape.guard';
import { MediaTypeGuard } from './http/media-type.guard';
import { LOGGER, type Logger } from './logging/logger';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsRegistry } from './metrics/metrics.registry';
import { ResponseGates } from './http/response-gates';

export interface PlatformDependencies {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  /** The gates the HTTP server was created with (see createFastifyAdapter). */
  readonly gates?: ResponseGates;
}

/**
 * Cross-cutting services every library uses. The composition root builds config, logger and
 * metrics before Nest starts (they are needed to configure the HTTP server) and hands them in.
 */
@Module({})
export class PlatformModule {
  static forRoot(deps: PlatformDependencies): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      controllers: [HealthController, MetricsController, ProblemsController],
      providers: [
        { provide: AppConfig, useValue: deps.config },
        { provide: LOGGER, useValue: deps.logger },
        { provide: MetricsRegistry, useValue: deps.metrics },
        { provide: ResponseGates, useValue: deps.gates ?? new ResponseGates() },
        HealthRegistry,
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_GUARD, useClass: MediaTypeGuard },
        { provide: APP_GUARD, useClass: InputShapeGuard },
      ],
      exports: [AppConfig, LOGGER, MetricsRegistry, HealthRegistry, ResponseGates],
    };
  }
}
