export * from './entity-bodies.schema';
export * from './entity-fields.schema';
export * from './entity-queries.schema';
export * from './entity.schema';
