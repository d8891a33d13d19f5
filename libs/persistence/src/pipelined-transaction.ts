import { QueryFailedError, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { batchWritesUntilNextTurn, pgConnectionOf, type PgConnection } from './pg-connection';

/** COMMIT answered ROLLBACK: a statement of the transaction had failed and `work` went on regardless. */
export class TransactionRolledBackError extends Error {
  constructor() {
    super('the transaction was rolled back at COMMIT: one of its statements had failed');
    this.name = 'TransactionRolledBackError';
  }
}

/**
 * typeorm's bookkeeping of a transaction on a query runner (`transactionDepth` is protected in its
 * types). Kept in step with the transaction run here, so typeorm code inside `work` behaves as under
 * `dataSource.transaction()`: a nested `manager.transaction()` is a savepoint, and typeorm's own
 * writes do not open (and commit) a transaction of their own.
 */
interface TypeormTransactionState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

function transactionStateOf(runner: QueryRunner): TypeormTransactionState {
  const state: unknown = runner;
  if (typeof state === 'object' && state !== null && 'transactionDepth' in state && typeof state.transactionDepth === 'number' && 'isTransactionActive' in state) {
    return state as TypeormTransactionState;
  }
  throw new Error('this typeorm query runner keeps no transactionDepth: runPipelinedTransaction needs updating for this typeorm version');
}

async function run(connection: PgConnection, sql: string, parameters?: unknown[]): Promise<{ command: string }> {
  try {
    return await (parameters === undefined ? connection.query(sql) : connection.query(sql, parameters));
  } catch (error: unknown) {
    throw new QueryFailedError(sql, parameters ?? [], error instanceof Error ? error : new Error(String(error)));
  }
}

/** A running transaction's connection and the statements sent to go out with its COMMIT. */
interface OpenTransaction {
  readonly connection: PgConnection;
  readonly beforeCommit: Array<Promise<unknown>>;
}

const openTransactions = new WeakMap<EntityManager, OpenTransaction>();

/**
 * Sends `sql` at once on the transaction of `manager` (a `runPipelinedTransaction`'s, e.g.
 * `withTenant`'s) without waiting for its answer: the COMMIT follows it in the same socket write,
 * so a transaction's last statements cost no round trip of their own. If it fails, the transaction
 * fails (Postgres turns the COMMIT into a ROLLBACK) with its error. Validate before calling: the
 * statement is on its way when this returns.
 */
export function queryBeforeCommit(manager: EntityManager, sql: string, parameters: unknown[]): void {
  const transaction = openTransactions.get(manager);
  if (transaction === undefined) throw new Error('queryBeforeCommit needs the manager of a running withTenant/runPipelinedTransaction transaction');
  batchWritesUntilNextTurn(transaction.connection);
  const sent = run(transaction.connection, sql, parameters);
  // Awaited at COMMIT (or dropped with a failed transaction): never an unhandled rejection meanwhile.
  sent.catch(() => undefined);
  transaction.beforeCommit.push(sent);
}

/** The first rejection among statements already answered (the ROLLBACK behind them was). */
async function firstFailure(sent: ReadonlyArray<Promise<unknown>>): Promise<unknown> {
  const settled = await Promise.allSettled(sent);
  return settled.find((outcome) => outcome.status === 'rejected')?.reason;
}

function assertCommitted(committed: { command: string }): void {
  if (committed.command !== 'COMMIT') throw new TransactionRolledBackError();
}

/**
 * COMMIT, right behind the statements of `queryBeforeCommit` (in their write, on a pipelined
 * connection; after their answers otherwise, as pg outside pipeline mode queues overlapping queries).
 * Their failure is the transaction's.
 */
async function commit({ connection, beforeCommit }: OpenTransaction): Promise<void> {
  if (connection.pipeline !== true) {
    await Promise.all(beforeCommit);
    assertCommitted(await run(connection, 'COMMIT'));
    return;
  }
  const [sent, committed] = await Promise.allSettled([Promise.all(beforeCommit), run(connection, 'COMMIT')]);
  if (sent.status === 'rejected') throw sent.reason;
  if (committed.status === 'rejected') throw committed.reason;
  assertCommitted(committed.value);
}

/**
 * START TRANSACTION and `opening`, then `work`. On a connection in pg's pipeline mode they go out
 * together, in one socket write with the statements `work` issues before the event loop turns;
 * otherwise one after the other, since pg outside pipeline mode queues overlapping queries (and
 * will refuse them in pg 9).
 */
async function openThenWork<T>(connection: PgConnection, opening: (connection: PgConnection) => Promise<unknown>, work: () => Promise<T>): Promise<T> {
  if (connection.pipeline !== true) {
    await run(connection, 'START TRANSACTION');
    await opening(connection);
    return work();
  }
  batchWritesUntilNextTurn(connection);
  const begun = Promise.all([run(connection, 'START TRANSACTION'), opening(connection)]);
  // Settled together: an opening failure aborts the transaction, so `work` fails fast too, and no
  // ROLLBACK may be sent while `work` could still issue a statement (it would run outside the transaction).
  const [began, worked] = await Promise.allSettled([begun, Promise.resolve().then(work)]);
  if (began.status === 'rejected') throw began.reason;
  if (worked.status === 'rejected') throw worked.reason;
  return worked.value;
}

/**
 * Runs `work` in a transaction on one pooled connection, like `dataSource.transaction()`, but with
 * `opening` (e.g. the tenant switch) run first, and on a pool in pg's pipeline mode
 * (`pipelined: true` in `createServiceDataSource`) START TRANSACTION, `opening` and `work`'s first
 * statement share one round trip instead of taking three. Postgres runs them in order either way,
 * so `work` starts after `opening` finished (its locks granted); if `opening` fails, the
 * transaction is aborted, every statement of `work` fails, and the opening's error is thrown.
 *
 * Rolls back when `opening`, `work`, a statement of `queryBeforeCommit` or COMMIT fails; a COMMIT
 * that Postgres turned into a ROLLBACK (a statement had failed and `work` went on) throws
 * `TransactionRolledBackError`.
 */
export async function runPipelinedTransaction<T>(
  dataSource: DataSource,
  opening: (connection: PgConnection) => Promise<unknown>,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    const connection = pgConnectionOf(await runner.connect());
    const state = transactionStateOf(runner);
    state.isTransactionActive = true;
    state.transactionDepth = 1;
    const transaction: OpenTransaction = { connection, beforeCommit: [] };
    openTransactions.set(runner.manager, transaction);
    try {
      const result = await openThenWork(connection, opening, () => work(runner.manager));
      await commit(transaction);
      return result;
    } catch (error: unknown) {
      // A failed ROLLBACK means a broken connection, which pg-pool drops on release; the cause is the error to report.
      await run(connection, 'ROLLBACK').catch(() => undefined);
      // A statement of queryBeforeCommit that failed went out before whatever `work` did next, which
      // then failed only because the transaction was aborted: its error is the cause.
      throw (await firstFailure(transaction.beforeCommit)) ?? error;
    } finally {
      openTransactions.delete(runner.manager);
      state.isTransactionActive = false;
      state.transactionDepth = 0;
    }
  } finally {
    await runner.release();
  }
}
