import { Module } from '@nestjs/common';

/**
 * Root module of gateway. Health, metrics, request ids, the error envelope and the identity check
 * come from `bootstrap()`; this module holds the service's own controllers and providers.
 */
@Module({})
export class AppModule {}
