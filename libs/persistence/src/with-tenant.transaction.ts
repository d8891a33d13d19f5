import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { runPipelinedTransaction } from './pipelined-transaction';
import { preparedStatement, queryPreparedOn, type PreparedStatement } from './prepared-statement';
import { appRoleName } from './schema-name';

/** Any 8-4-4-4-12 hex id, exactly what a Postgres `uuid` column accepts. */
const workspaceIdSchema = z.guid();

export class InvalidWorkspaceIdError extends Error {
  constructor(value: string) {
    super(`workspace id ${JSON.stringify(value)} is not a uuid`);
    this.name = 'InvalidWorkspaceIdError';
  }
}

/**
 * A transaction-level advisory lock (`pg_advisory_xact_lock[_shared]`) on
 * `hashtextextended(key, 0)`, held until the transaction ends. Shared holders run together; an
 * exclusive holder waits for every other holder of the key and blocks them all.
 */
export interface TenantTransactionLock {
  readonly key: string;
  readonly mode: 'shared' | 'exclusive';
}

export interface WithTenantOptions {
  /**
   * Taken by the statement that switches the tenant (no extra round trip), so every statement of
   * `work` starts after it was granted and reads with a snapshot taken after it.
   */
  readonly lock?: TenantTransactionLock;
}

function serviceSchemaOf(dataSource: DataSource): string {
  const options = dataSource.options;
  if (options.type !== 'postgres' || typeof options.schema !== 'string') {
    throw new Error('withTenant needs a postgres DataSource created with a schema (createServiceDataSource)');
  }
  return options.schema;
}

/**
 * The one statement that scopes a transaction to a tenant: `set_config(..., true)` is what
 * `SET LOCAL` does (`set_config('role', r, true)` ≡ `SET LOCAL ROLE r`, membership checked the
 * same way; PostgREST switches roles like this), so both settings end with the transaction.
 */
function tenantStatementText(lock: TenantTransactionLock['mode'] | undefined): string {
  const switchTenant = `SELECT set_config('app.workspace_id', $1, true), set_config('role', $2, true)`;
  if (lock === undefined) return switchTenant;
  const lockFunction = lock === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  return `${switchTenant}, ${lockFunction}(hashtextextended($3, 0))`;
}

/** Prepared: every tenant transaction runs one of these first. */
const TENANT_STATEMENTS: Readonly<Record<TenantTransactionLock['mode'] | 'none', PreparedStatement>> = {
  none: preparedStatement(tenantStatementText(undefined)),
  shared: preparedStatement(tenantStatementText('shared')),
  exclusive: preparedStatement(tenantStatementText('exclusive')),
};

/**
 * Runs `work` in a transaction scoped to one workspace: `app.workspace_id` is set for the
 * transaction only (so it never leaks to the next user of the pooled connection), and the
 * transaction switches to the service's NOLOGIN app role, so row-level security is enforced even
 * when the pool logs in as a superuser. Queries in `work` must use the given manager.
 *
 * Costs one statement before `work` (besides the transaction's START and COMMIT); `options.lock`
 * adds an advisory lock to that same statement instead of a statement of its own. On a pool in
 * pipeline mode, START, that statement and `work`'s first statement share one round trip
 * (`runPipelinedTransaction`).
 */
export async function withTenant<T>(
  dataSource: DataSource,
  workspaceId: string,
  work: (manager: EntityManager) => Promise<T>,
  options: WithTenantOptions = {},
): Promise<T> {
  if (!workspaceIdSchema.safeParse(workspaceId).success) throw new InvalidWorkspaceIdError(workspaceId);
  const role = appRoleName(serviceSchemaOf(dataSource));
  const { lock } = options;
  const statement = TENANT_STATEMENTS[lock === undefined ? 'none' : lock.mode];
  const parameters = lock === undefined ? [workspaceId, role] : [workspaceId, role, lock.key];
  return runPipelinedTransaction(dataSource, (connection) => queryPreparedOn(connection, statement, parameters), work);
}
