import { Module } from '@nestjs/common';
import { EntitiesModule } from './entities/entities.module';

/**
 * Root module of entity-service. Health, metrics, request ids, the error envelope and the identity check
 * come from `bootstrap()`; this module holds the service's own controllers and providers.
 */
@Module({ imports: [EntitiesModule] })
export class AppModule {}
