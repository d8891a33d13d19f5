export * from './flag-key.schema';
export * from './constraint-value.rules';
export * from './flag-parts.schema';
export * from './flag.schema';
export * from './flag-admin.schema';
export * from './flag-snapshot.schema';
export * from './rollout-percentage.util';
