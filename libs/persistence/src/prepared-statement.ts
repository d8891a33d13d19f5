import { createHash } from 'node:crypto';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { pgConnectionOf, type PgConnection } from './pg-connection';

/**
 * A statement that each pooled connection parses and plans once, then only binds and executes:
 * pg's `{ name, text, values }` query. The name is derived from the text, so one text always has
 * one name and two texts never share one (pg refuses a name reused for another text).
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
  /**
   * `'array'`: each row comes back as the array of its column values in select order, so pg
   * builds no object per row (for reads of many rows that the caller maps anyway).
   */
  readonly rowMode?: 'array';
}

export function preparedStatement(text: string, options: { rowMode?: 'array' } = {}): PreparedStatement {
  return { name: `fc_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text, ...options };
}

export interface PreparedResult<R> {
  readonly rows: R[];
  /** Rows inserted, updated, deleted or returned. */
  readonly rowCount: number;
}

/**
 * Runs `statement` on the connection of `manager`, which must be a transaction's (`withTenant`),
 * so it sees the transaction's tenant, role and locks. For statements run on every request: the
 * server skips parsing and planning after the first use on a connection. Prepared statements
 * outlive a rolled-back transaction and are replanned by Postgres when a table they use changes
 * or the role changes (row-level security is applied for the role that executes). Errors are
 * typeorm's `QueryFailedError`, as `manager.query` throws them.
 */
export async function queryPrepared<R>(manager: EntityManager, statement: PreparedStatement, values: readonly unknown[]): Promise<PreparedResult<R>> {
  const runner = manager.queryRunner;
  if (runner === undefined || !runner.isTransactionActive) {
    throw new Error('queryPrepared needs the manager of a transaction (withTenant)');
  }
  return queryPreparedOn<R>(pgConnectionOf(await runner.connect()), statement, values);
}

/**
 * Runs `statement` on a connection of `dataSource`'s pool, outside any transaction: for single
 * reads that need no tenant setting. Each pooled connection prepares the statement on first use;
 * which plan the server then runs follows the pool's `plan_cache_mode` (a pool created with
 * `sessionSettings: { plan_cache_mode: 'force_generic_plan' }` never plans again).
 */
export async function queryPreparedOnPool<R>(dataSource: DataSource, statement: PreparedStatement, values: readonly unknown[]): Promise<PreparedResult<R>> {
  const runner = dataSource.createQueryRunner();
  try {
    return await queryPreparedOn<R>(pgConnectionOf(await runner.connect()), statement, values);
  } finally {
    await runner.release();
  }
}

/** Runs `statement` on a pg connection the caller holds (errors are `QueryFailedError`, as everywhere else). */
export async function queryPreparedOn<R>(connection: PgConnection, statement: PreparedStatement, values: readonly unknown[]): Promise<PreparedResult<R>> {
  const parameters = [...values];
  try {
    const result = await connection.query({ name: statement.name, text: statement.text, values: parameters, rowMode: statement.rowMode });
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
  } catch (error: unknown) {
    throw new QueryFailedError(statement.text, parameters, error instanceof Error ? error : new Error(String(error)));
  }
}
