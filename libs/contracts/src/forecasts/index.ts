export * from './forecast.schema';
