export { postgresConfigShape, type PostgresConfig } from './postgres-config.schema';
export { PostgresDependency, PostgresNotConnectedError, type PostgresDependencyOptions } from './postgres.dependency';
export { createServiceDataSource, type ServiceDataSourceSettings } from './service-data-source.factory';
export type { MigrationClass } from './migration-class';
export { runMigrations, pendingMigrations, type MigrationRunOptions, type MigrationRunResult } from './migration-runner';
export { withTenant, InvalidWorkspaceIdError, type TenantTransactionLock, type WithTenantOptions } from './with-tenant.transaction';
export { enableTenantIsolation, disableTenantIsolation } from './tenant-isolation.migration-helper';
export { appRoleName } from './schema-name';
export { migrationListProblems } from './migration-list';
