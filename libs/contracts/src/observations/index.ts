export * from './observation.schema';
