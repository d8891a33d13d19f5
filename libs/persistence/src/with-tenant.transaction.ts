import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { appRoleName } from './schema-name';

/** Any 8-4-4-4-12 hex id, exactly what a Postgres `uuid` column accepts. */
const workspaceIdSchema = z.guid();

export class InvalidWorkspaceIdError extends Error {
  constructor(value: string) {
    super(`workspace id ${JSON.stringify(value)} is not a uuid`);
    this.name = 'InvalidWorkspaceIdError';
  }
}

function serviceSchemaOf(dataSource: DataSource): string {
  const options = dataSource.options;
  if (options.type !== 'postgres' || typeof options.schema !== 'string') {
    throw new Error('withTenant needs a postgres DataSource created with a schema (createServiceDataSource)');
  }
  return options.schema;
}

/**
 * Runs `work` in a transaction scoped to one workspace: `app.workspace_id` is set for the
 * transaction only (so it never leaks to the next user of the pooled connection), and the
 * transaction switches to the service's NOLOGIN app role, so row-level security is enforced even
 * when the pool logs in as a superuser. Queries in `work` must use the given manager.
 */
export async function withTenant<T>(
  dataSource: DataSource,
  workspaceId: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (!workspaceIdSchema.safeParse(workspaceId).success) throw new InvalidWorkspaceIdError(workspaceId);
  const role = appRoleName(serviceSchemaOf(dataSource));
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT set_config('app.workspace_id', $1, true)`, [workspaceId]);
    await manager.query(`SET LOCAL ROLE ${role}`);
    return work(manager);
  });
}
