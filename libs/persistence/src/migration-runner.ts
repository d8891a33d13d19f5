import type { Logger } from 'pino';
import { Client } from 'pg';
import { MigrationExecutor } from 'typeorm';
import { acquireAdvisoryLock, releaseAdvisoryLock } from './advisory-lock';
import type { MigrationClass } from './migration-class';
import { assertSchemaName } from './schema-name';
import { ensureAppRole, ensureExtensions, ensureSchema, exposeAppliedMigrations, grantAppRole } from './schema-preparation';
import { createServiceDataSource, releaseDataSource } from './service-data-source.factory';
import { migrationListProblems } from './migration-list';

export interface MigrationRunOptions {
  readonly url: string;
  readonly schema: string;
  readonly migrations: readonly MigrationClass[];
  readonly logger: Logger;
  /** How long to wait for a concurrent runner of the same schema. Default 60000 ms. */
  readonly lockTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
}

export interface MigrationRunResult {
  /** Names of the migrations this call applied, in order; empty when nothing was pending. */
  readonly applied: string[];
  /** False when the app role is missing and could not be created (withTenant() will fail). */
  readonly appRoleReady: boolean;
}

async function openClient(options: MigrationRunOptions, schema: string): Promise<Client> {
  const client = new Client({
    connectionString: options.url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    application_name: `forecastin-${schema}-migrate`,
  });
  // A dropped socket must surface as a rejected query, not as an uncaught 'error' event.
  client.on('error', (error) => options.logger.warn({ err: error, schema }, 'migration lock connection failed'));
  await client.connect();
  return client;
}

/**
 * Brings a service schema up to date: creates the schema, extensions and app role when missing,
 * applies pending migrations (each in its own transaction) and grants the app role DML on the
 * resulting tables. Runners of the same schema on the same database serialise on an advisory lock,
 * so two Jobs or replicas started together apply each migration exactly once.
 */
export async function runMigrations(options: MigrationRunOptions): Promise<MigrationRunResult> {
  const schema = assertSchemaName(options.schema);
  const problems = migrationListProblems(options.migrations);
  if (problems.length > 0) throw new Error(`Refusing to migrate ${schema}: ${problems.join('; ')}`);
  const lockKey = `forecastin:migrate:${schema}`;
  const logger = options.logger;
  const client = await openClient(options, schema);
  try {
    await acquireAdvisoryLock(client, lockKey, options.lockTimeoutMs ?? 60_000);
    try {
      await ensureSchema(client, schema);
      await ensureExtensions(client, logger);
      const appRoleReady = await ensureAppRole(client, schema, logger);
      const applied = await applyPending(options, schema);
      if (appRoleReady) await grantAppRole(client, schema);
      await exposeAppliedMigrations(client, schema, appRoleReady);
      if (applied.length === 0) logger.info({ schema }, 'no pending migrations');
      return { applied, appRoleReady };
    } finally {
      await releaseAdvisoryLock(client, lockKey);
    }
  } finally {
    await client.end();
  }
}

async function applyPending(options: MigrationRunOptions, schema: string): Promise<string[]> {
  const dataSource = createServiceDataSource({
    url: options.url,
    schema,
    migrations: options.migrations,
    logger: options.logger,
    poolMax: 1,
    statementTimeoutMs: 0,
    connectTimeoutMs: options.connectTimeoutMs,
    applicationName: `forecastin-${schema}-migrate`,
  });
  await dataSource.initialize();
  try {
    const executed = await dataSource.runMigrations({ transaction: 'each' });
    const applied = executed.map((migration) => migration.name);
    for (const name of applied) options.logger.info({ schema, migration: name }, 'migration applied');
    return applied;
  } finally {
    await releaseDataSource(dataSource);
  }
}

/** Names of migrations not yet applied to `schema` (all of them when the schema does not exist yet). */
export async function pendingMigrations(
  options: Pick<MigrationRunOptions, 'url' | 'schema' | 'migrations' | 'logger' | 'connectTimeoutMs'>,
): Promise<string[]> {
  const dataSource = createServiceDataSource({ ...options, poolMax: 1 });
  await dataSource.initialize();
  try {
    const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
    return pending.map((migration) => migration.name);
  } finally {
    await releaseDataSource(dataSource);
  }
}
