import { Module } from '@nestjs/common';
import { hierarchyProviders } from './hierarchy.providers';
import { HierarchyController } from './http/hierarchy.controller';
import { HierarchyRpcController } from './rpc/hierarchy-rpc.controller';

/**
 * Root module of hierarchy-service. Health, metrics, request ids, the error envelope and the identity check
 * come from `bootstrap()`; this module holds the read endpoints, the RPC handlers, the cache tiers
 * and the service that keeps the read model and the caches in step with the entity events.
 */
@Module({
  controllers: [HierarchyController, HierarchyRpcController],
  providers: hierarchyProviders,
})
export class AppModule {}
