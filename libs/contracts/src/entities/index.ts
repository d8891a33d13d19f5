export * from './entity-bodies.schema';
export * from './entity-fields.schema';
export * from './entity-headers.schema';
export * from './entity-queries.schema';
export * from './entity-rpc.schema';
export * from './entity-snapshot-rpc.schema';
export * from './entity.schema';
