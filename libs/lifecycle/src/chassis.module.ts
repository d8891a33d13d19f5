import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import type { Logger, ServiceMetrics } from '@forecastin/observability';
import type { Dependency } from './dependency';

/** Injection tokens for what the chassis provides to every service module. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');
export const SERVICE_METRICS = Symbol('SERVICE_METRICS');

/**
 * Global module with the service's config, logger, metrics and dependencies. Each dependency is
 * provided under its own class, so app code injects `PostgresDependency` (etc.) directly.
 */
@Module({})
export class ChassisModule {
  static forRoot(options: { config: unknown; logger: Logger; metrics: ServiceMetrics; dependencies: readonly Dependency[] }): DynamicModule {
    const dependencyProviders: Provider[] = options.dependencies.map((dependency) => ({
      provide: dependency.constructor as Type<Dependency>,
      useValue: dependency,
    }));
    const providers: Provider[] = [
      { provide: SERVICE_CONFIG, useValue: options.config },
      { provide: SERVICE_LOGGER, useValue: options.logger },
      { provide: SERVICE_METRICS, useValue: options.metrics },
      ...dependencyProviders,
    ];
    return { module: ChassisModule, global: true, providers, exports: providers };
  }
}
