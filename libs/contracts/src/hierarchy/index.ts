export * from './hierarchy-queries.schema';
export * from './hierarchy-views.schema';
export * from './node.schema';
