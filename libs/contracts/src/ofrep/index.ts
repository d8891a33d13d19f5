export * from './ofrep.schema';
