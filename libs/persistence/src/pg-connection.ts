import type { QueryResult } from 'pg';

/** A named (prepared) statement as pg takes it. */
export interface PgStatementConfig {
  readonly name: string;
  readonly text: string;
  readonly values: unknown[];
  readonly rowMode?: 'array';
}

/** The part of a pooled pg client this library uses (`connect()` of typeorm's postgres query runner answers it). */
export interface PgConnection {
  /** pg's pipeline mode (the pool's `pipeline` option): statements are sent without waiting for the previous answer. */
  readonly pipeline?: boolean;
  query(text: string, values?: unknown[]): Promise<Pick<QueryResult, 'command'>>;
  query(config: PgStatementConfig): Promise<Pick<QueryResult, 'rows' | 'rowCount'>>;
}

function isPgConnection(connection: unknown): connection is PgConnection {
  return typeof connection === 'object' && connection !== null && 'query' in connection && typeof connection.query === 'function';
}

export function pgConnectionOf(connection: unknown): PgConnection {
  if (!isPgConnection(connection)) throw new Error('a pg connection was expected (a postgres DataSource)');
  return connection;
}

interface Corkable {
  cork(): void;
  uncork(): void;
}

function isCorkable(value: unknown): value is Corkable {
  return typeof value === 'object' && value !== null && 'cork' in value && typeof value.cork === 'function' && 'uncork' in value && typeof value.uncork === 'function';
}

/**
 * On a pipelined connection, holds back its socket writes until the next turn of the event loop, so
 * the statements issued until then leave in one write. A loopback write costs the writer ~0.1–0.3 ms
 * of CPU on this platform's VMs (it wakes the Postgres backend), and pg's writes were most of
 * entity-service's CPU per create. pg keeps its socket at `connection.stream`, which is not public
 * API: when it is not there, writes go out as before. Outside pipeline mode pg sends one statement
 * per answer anyway, so there is nothing to batch.
 */
export function batchWritesUntilNextTurn(connection: PgConnection): void {
  if (connection.pipeline !== true) return;
  const stream: unknown = 'connection' in connection && typeof connection.connection === 'object' && connection.connection !== null && 'stream' in connection.connection ? connection.connection.stream : undefined;
  if (!isCorkable(stream)) return;
  stream.cork();
  setImmediate(() => stream.uncork());
}
