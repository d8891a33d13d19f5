export * from './flag-key.schema';
export * from './flag-parts.schema';
export * from './flag.schema';
export * from './flag-admin.schema';
