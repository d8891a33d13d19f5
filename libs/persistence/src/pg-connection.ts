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
  query(text: string): Promise<Pick<QueryResult, 'command'>>;
  query(config: PgStatementConfig): Promise<Pick<QueryResult, 'rows' | 'rowCount'>>;
}

function isPgConnection(connection: unknown): connection is PgConnection {
  return typeof connection === 'object' && connection !== null && 'query' in connection && typeof connection.query === 'function';
}

export function pgConnectionOf(connection: unknown): PgConnection {
  if (!isPgConnection(connection)) throw new Error('a pg connection was expected (a postgres DataSource)');
  return connection;
}
