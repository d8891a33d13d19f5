import type { QueryRunner } from 'typeorm';

/** `table` or `schema.table`, unquoted: the name is spliced into DDL, so it must need no quoting. */
const TABLE_NAME = /^([a-z_][a-z0-9_]{0,62}\.)?[a-z_][a-z0-9_]{0,62}$/;
const POLICY = 'tenant_isolation';

function assertTableName(table: string): string {
  if (!TABLE_NAME.test(table)) throw new Error(`invalid table name ${JSON.stringify(table)}`);
  return table;
}

/**
 * For use inside a migration: turns on row-level security for a table with a `workspace_id uuid`
 * column so only the rows of the workspace set by `withTenant()` are visible or writable. FORCE makes
 * the policy apply to the table owner too. Roles that are superuser or BYPASSRLS still skip it,
 * which is why `withTenant()` switches to the service's app role. Without `app.workspace_id` set,
 * `current_setting(..., true)` is NULL and the policy matches nothing: unscoped access fails closed.
 */
export async function enableTenantIsolation(queryRunner: QueryRunner, table: string): Promise<void> {
  const name = assertTableName(table);
  const predicate = `workspace_id = current_setting('app.workspace_id', true)::uuid`;
  await queryRunner.query(`ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE ${name} FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(`CREATE POLICY ${POLICY} ON ${name} USING (${predicate}) WITH CHECK (${predicate})`);
}

/** The `down` counterpart of `enableTenantIsolation()`. */
export async function disableTenantIsolation(queryRunner: QueryRunner, table: string): Promise<void> {
  const name = assertTableName(table);
  await queryRunner.query(`DROP POLICY IF EXISTS ${POLICY} ON ${name}`);
  await queryRunner.query(`ALTER TABLE ${name} NO FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE ${name} DISABLE ROW LEVEL SECURITY`);
}
