import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import { TEMPLATE_BUILD_KIND, TEMPLATE_KIND, TEST_DATABASE_KIND, sanitizeLabel, stampedName } from './database-name';
import { sweepLeftoverDatabases } from './leftover-databases.cleanup';
import { adminDatabaseUrl, assertIdentifier, createExtensions, databaseUrl, dropDatabase, withClient } from './postgres-admin';
import { testDatabaseHandle, type TestDatabase } from './test-database';

export interface MigratedDatabaseOptions {
  /** Names the template, e.g. the service schema: `entity`. */
  readonly templateKey: string;
  /** Brings an empty database (given by URL) to the current schema, e.g. with `runMigrations`. */
  readonly migrate: (url: string) => Promise<void>;
  /**
   * Changes whenever the migrated schema would: a new value builds a new template. Defaults to a
   * hash of `migrate`'s source, which misses changes inside the migrations it calls, so pass
   * `fingerprintSources(migrations)` (or a hash of the migration files) in real use.
   */
  readonly fingerprint?: string;
  /** Label in the clone's name; defaults to the template key. */
  readonly prefix?: string;
}

/** A fingerprint of classes or functions by their source text: editing a migration changes it. */
export function fingerprintSources(items: ReadonlyArray<{ readonly name: string; toString(): string }>): string {
  const hash = createHash('sha256');
  for (const item of items) hash.update(item.name).update('\0').update(item.toString()).update('\0');
  return hash.digest('hex');
}

const templates = new Map<string, Promise<string>>();

async function templateExists(client: Client, name: string): Promise<boolean> {
  const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return result.rowCount === 1;
}

async function buildTemplate(client: Client, key: string, template: string, migrate: (url: string) => Promise<void>): Promise<void> {
  // Built under a temporary name and renamed when complete, so a crash mid-migration can never
  // leave a half-migrated template that later runs would clone.
  const building = assertIdentifier(stampedName(TEMPLATE_BUILD_KIND, key));
  await client.query(`CREATE DATABASE ${building}`);
  try {
    await createExtensions(databaseUrl(building));
    await migrate(databaseUrl(building));
    // CREATE DATABASE ... TEMPLATE and RENAME both refuse a database with open connections.
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [building]);
    await client.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
  } catch (error: unknown) {
    await dropDatabase(building);
    throw error;
  }
  const stale = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2`,
    [`${TEMPLATE_KIND}\\_${key}\\_%`, template],
  );
  for (const { datname } of stale.rows) {
    // Another run may still be cloning an older template: then it stays until a later build.
    await client.query(`DROP DATABASE IF EXISTS ${assertIdentifier(datname)}`).catch(() => undefined);
  }
}

/**
 * Part of every template's name: templates outlive runs on a machine, and a fingerprint of the
 * migrations misses what every migrate run adds around them. Bump it when that changes (2:
 * libs/persistence's runner creates `<schema>.applied_migrations()`, which readiness calls).
 */
const TEMPLATE_GENERATION = 2;

/** Creates the template once per key and fingerprint, across Jest workers and across runs. */
function ensureTemplate(options: MigratedDatabaseOptions): Promise<string> {
  const key = sanitizeLabel(options.templateKey, 24);
  const digest = createHash('sha256')
    .update(String(TEMPLATE_GENERATION))
    .update('\0')
    .update(options.templateKey)
    .update('\0')
    .update(options.fingerprint ?? options.migrate.toString())
    .digest('hex')
    .slice(0, 12);
  const template = assertIdentifier(`${TEMPLATE_KIND}_${key}_${digest}`);
  let ready = templates.get(template);
  if (!ready) {
    ready = withClient(adminDatabaseUrl(), async (client) => {
      const lockKey = `forecastin-testing:template:${template}`;
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
      try {
        if (!(await templateExists(client, template))) await buildTemplate(client, key, template, options.migrate);
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]);
      }
      return template;
    });
    // A failed build must not poison later calls in this process.
    ready.catch(() => templates.delete(template));
    templates.set(template, ready);
  }
  return ready;
}

const BUSY_TEMPLATE = '55006';

/** A fresh database already migrated, cloned from a template (fast: a file copy, no migrations). */
export async function createMigratedDatabase(options: MigratedDatabaseOptions): Promise<TestDatabase> {
  await sweepLeftoverDatabases();
  const template = await ensureTemplate(options);
  const name = assertIdentifier(stampedName(TEST_DATABASE_KIND, options.prefix ?? options.templateKey));
  await withClient(adminDatabaseUrl(), async (client) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (error: unknown) {
        // "source database is being accessed by other users": someone connected to the template
        // by mistake; Postgres gives no wait option, so retry briefly.
        const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
        if (code !== BUSY_TEMPLATE || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  return testDatabaseHandle(name);
}
