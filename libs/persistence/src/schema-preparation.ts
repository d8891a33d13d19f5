import type { Logger } from 'pino';
import type { Client } from 'pg';
import { MIGRATIONS_TABLE } from './service-data-source.factory';
import { appRoleName } from './schema-name';

/** SQLSTATEs for "it already exists": a concurrent runner (another database, same cluster) won. */
const ALREADY_EXISTS = new Set(['42710', '23505', '42P06']);

function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

async function ignoringAlreadyExists(statement: Promise<unknown>): Promise<void> {
  try {
    await statement;
  } catch (error: unknown) {
    if (!ALREADY_EXISTS.has(sqlState(error) ?? '')) throw error;
  }
}

export async function ensureSchema(client: Client, schema: string): Promise<void> {
  await ignoringAlreadyExists(client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`));
}

/**
 * ltree always, PostGIS only where the server ships it. Extensions are per database, not per
 * schema, so their creation is serialised on a database-wide lock (services share a database).
 */
export async function ensureExtensions(client: Client, logger: Logger): Promise<string[]> {
  const available = await client.query<{ name: string; installed: boolean }>(
    `SELECT name, installed_version IS NOT NULL AS installed
       FROM pg_available_extensions WHERE name IN ('ltree', 'postgis')`,
  );
  const ltree = available.rows.find((row) => row.name === 'ltree');
  if (!ltree) throw new Error('the ltree extension is not available on this Postgres server');
  const missing = available.rows.filter((row) => !row.installed).map((row) => row.name);
  if (missing.length === 0) return [];
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('forecastin:extensions', 0))`);
    for (const name of missing) {
      await client.query(`CREATE EXTENSION IF NOT EXISTS ${name} WITH SCHEMA public`);
    }
    await client.query('COMMIT');
  } catch (error: unknown) {
    await client.query('ROLLBACK');
    throw error;
  }
  logger.info({ extensions: missing }, 'postgres extensions created');
  return missing;
}

interface RoleFacts {
  readonly exists: boolean;
  readonly unsafe: boolean;
  readonly canCreate: boolean;
  readonly isSuperuser: boolean;
  readonly isMember: boolean;
}

async function roleFacts(client: Client, role: string): Promise<RoleFacts> {
  const result = await client.query<RoleFacts>(
    `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS "exists",
            COALESCE((SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = $1), false) AS unsafe,
            me.rolsuper OR me.rolcreaterole AS "canCreate",
            me.rolsuper AS "isSuperuser",
            COALESCE((SELECT pg_has_role(current_user, $1, 'MEMBER')
                        WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)), false) AS "isMember"
       FROM pg_roles me WHERE me.rolname = current_user`,
    [role],
  );
  const facts = result.rows[0];
  if (!facts) throw new Error('could not read the current role from pg_roles');
  return facts;
}

/**
 * The NOLOGIN role `withTenant()` switches to. Roles are cluster-wide, so it may already exist
 * (created by another database's runner, or provisioned by an operator); it is refused if it could
 * bypass row-level security, because then tenant isolation would silently not hold.
 * Returns false when it is missing and the login user may not create it.
 */
export async function ensureAppRole(client: Client, schema: string, logger: Logger): Promise<boolean> {
  const role = appRoleName(schema);
  let facts = await roleFacts(client, role);
  if (!facts.exists) {
    if (!facts.canCreate) {
      logger.warn({ role }, 'app role is missing and this user may not create it: withTenant() will fail until an operator creates it');
      return false;
    }
    await ignoringAlreadyExists(client.query(`CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT`));
    logger.info({ role }, 'app role created');
    facts = await roleFacts(client, role);
  }
  if (facts.unsafe) throw new Error(`role ${role} is superuser or BYPASSRLS: row-level security would not apply to it`);
  if (!facts.isSuperuser && !facts.isMember) {
    // SET ROLE needs membership; superusers may switch to any role without it.
    await client.query(`GRANT ${role} TO CURRENT_USER`);
  }
  return true;
}

/** The function through which a service's login reads which migrations its schema has (readiness). */
export const APPLIED_MIGRATIONS_FUNCTION = 'applied_migrations';

/**
 * `<schema>.applied_migrations()`: the names in the migrations table, for logins that may not read
 * the table itself (the app role and the service login are refused it). SECURITY DEFINER, owned by
 * the migrating user, with a fixed search_path; callable by the app role only. Recreated on every run.
 */
export async function exposeAppliedMigrations(client: Client, schema: string, appRoleReady: boolean): Promise<void> {
  const fn = `${schema}.${APPLIED_MIGRATIONS_FUNCTION}()`;
  await client.query(
    `CREATE OR REPLACE FUNCTION ${fn} RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER
       SET search_path = pg_catalog, pg_temp
       AS $$ SELECT name::text FROM ${schema}.${MIGRATIONS_TABLE} $$`,
  );
  await client.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
  if (appRoleReady) await client.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${appRoleName(schema)}`);
}

/** DML on every table of the schema (now and later ones created by this user), none on the migrations table. */
export async function grantAppRole(client: Client, schema: string): Promise<void> {
  const role = appRoleName(schema);
  await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
  await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
  await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`);
  await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`);
  await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${role}`);
  await client.query(`REVOKE ALL ON TABLE ${schema}.${MIGRATIONS_TABLE} FROM ${role}`);
}
