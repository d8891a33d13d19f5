export * from './assumption.schema';
export * from './scenario-analysis.schema';
export * from './scenario-requests.schema';
export * from './scenario.schema';
