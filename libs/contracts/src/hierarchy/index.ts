export * from './hierarchy-cache-invalidation.schema';
export * from './hierarchy-queries.schema';
export * from './hierarchy-rpc.schema';
export * from './hierarchy-views.schema';
export * from './node.schema';
export * from './projected-entity.schema';
